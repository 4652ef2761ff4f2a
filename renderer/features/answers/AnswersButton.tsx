import { useState } from 'react';
import { useT } from '../../i18n';
import { AnswersDialog } from './AnswersDialog';

/** Opens the answer library (shared answers for supervisors to keep, personal ones for everyone). */
export function AnswersButton() {
  const { t } = useT('answers');
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className="btn btn-ghost" onClick={() => setOpen(true)}>
        {t('title')}
      </button>
      {open && <AnswersDialog onClose={() => setOpen(false)} />}
    </>
  );
}

import { useState } from 'react';
import { AnswersDialog } from './AnswersDialog';

/** Opens the answer library (shared answers for supervisors to keep, personal ones for everyone). */
export function AnswersButton() {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className="btn btn-ghost" onClick={() => setOpen(true)}>
        Saved answers
      </button>
      {open && <AnswersDialog onClose={() => setOpen(false)} />}
    </>
  );
}

import type { ReactNode } from 'react';
import { Dialog } from '../../../common/Dialog';
import { useT } from '../../../i18n';

type Props = Readonly<{
  title: string;
  /** What happens, in plain words (what stops, what is lost). */
  text: ReactNode;
  /** The red button's words: the action itself ("Revoke key"), never a bare "OK". */
  confirmLabel: string;
  onConfirm: () => void;
  onClose: () => void;
}>;

/** Asks before something that cannot be taken back: Cancel, or the red button, which acts and closes. */
export function ConfirmDialog({ title, text, confirmLabel, onConfirm, onClose }: Props) {
  const { t } = useT();
  return (
    <Dialog title={title} onClose={onClose}>
      <p>{text}</p>
      <div className="dialog-actions">
        <button type="button" className="btn" onClick={onClose}>
          {t('cancel')}
        </button>
        <button
          type="button"
          className="btn btn-danger"
          onClick={() => {
            onConfirm();
            onClose();
          }}
        >
          {confirmLabel}
        </button>
      </div>
    </Dialog>
  );
}

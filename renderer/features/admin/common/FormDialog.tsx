import { useState, type ReactNode } from 'react';
import { errorText } from '../../../app/api';
import { Dialog, DialogFooter } from '../../../common/Dialog';

type Props = Readonly<{
  title: string;
  submitLabel: string;
  /** Sends the form; a rejection is shown above the buttons and the dialog stays open to correct it. */
  onSubmit: () => Promise<void>;
  onClose: () => void;
  /** While sending, or while the fields are not complete yet. */
  disabled: boolean;
  /** The form's look: its fields are the caller's, and so is their CSS. */
  className?: string;
  children: ReactNode;
}>;

/** A dialog that makes one thing: the caller's fields, then the hub's error (if any), Cancel and submit. */
export function FormDialog({ title, submitLabel, onSubmit, onClose, disabled, className, children }: Props) {
  const [error, setError] = useState<string | null>(null);
  const submit = async (): Promise<void> => {
    try {
      await onSubmit();
    } catch (e) {
      setError(errorText(e));
    }
  };
  return (
    <Dialog title={title} onClose={onClose}>
      <form
        className={className ? `dialog-body ${className}` : 'dialog-body'}
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        {children}
        <DialogFooter error={error} onCancel={onClose} submitLabel={submitLabel} disabled={disabled} />
      </form>
    </Dialog>
  );
}

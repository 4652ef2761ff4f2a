import { useId, type ReactElement, type ReactNode } from 'react';

type Props = Readonly<{
  label: string;
  /** Plain words under the control: what is allowed, what happens. */
  hint?: ReactNode;
  /** What is wrong with the value, shown in red and announced. */
  error?: string | null;
  /** The control; receives id and aria-describedby. */
  children: (ids: Readonly<{ id: string; 'aria-describedby'?: string; 'aria-invalid'?: boolean }>) => ReactElement;
}>;

/** One labelled form control with its hint and error, wired for screen readers. */
export function FormField({ label, hint, error, children }: Props) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`adm-field${error ? ' adm-field-invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {children({ id, 'aria-describedby': describedBy, 'aria-invalid': error ? true : undefined })}
      {hint && (
        <span id={hintId} className="adm-hint">
          {hint}
        </span>
      )}
      {error && (
        <span id={errorId} className="adm-error" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}

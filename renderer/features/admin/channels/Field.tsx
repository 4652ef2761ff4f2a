import { useId, type ReactNode } from 'react';
import type { FieldErrors } from './fieldErrors';
import { useT } from '../../../i18n';

type Props = Readonly<{
  label: string;
  path: string;
  errors: FieldErrors;
  hint?: ReactNode;
  wide?: boolean;
  children: (id: string, describedBy: string | undefined, invalid: boolean) => ReactNode;
}>;

/** A labelled field with its hint and the hub's error for its path underneath. */
export function Field({ label, path, errors, hint, wide, children }: Props) {
  const id = useId();
  const error = errors.byPath[path];
  const describedBy = error ? `${id}-error` : hint ? `${id}-hint` : undefined;
  return (
    <div className={`ch-field${wide ? ' ch-wide' : ''}${error ? ' ch-invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {children(id, describedBy, Boolean(error))}
      {error ? (
        <span id={`${id}-error`} className="ch-error" role="alert">
          {error}
        </span>
      ) : hint ? (
        <span id={`${id}-hint`} className="ch-hint">
          {hint}
        </span>
      ) : null}
    </div>
  );
}

type TextProps = Readonly<{
  label: string;
  path: string;
  errors: FieldErrors;
  value: string;
  onChange: (value: string) => void;
  hint?: ReactNode;
  type?: 'text' | 'number' | 'email' | 'url';
  placeholder?: string;
  wide?: boolean;
}>;

export function TextField({ label, path, errors, value, onChange, hint, type = 'text', placeholder, wide }: TextProps) {
  return (
    <Field label={label} path={path} errors={errors} hint={hint} wide={wide}>
      {(id, describedBy, invalid) => (
        <input
          id={id}
          type={type}
          value={value}
          placeholder={placeholder}
          aria-invalid={invalid}
          aria-describedby={describedBy}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
    </Field>
  );
}

/** A write-only secret: never shown, blank keeps the stored one. */
export function SecretField({
  label,
  path,
  errors,
  value,
  onChange,
  stored,
  emptyHint,
}: Readonly<{
  label: string;
  path: string;
  errors: FieldErrors;
  value: string;
  onChange: (v: string) => void;
  stored: boolean;
  /** What to say when none is stored (an optional secret says when it is needed). */
  emptyHint?: string;
}>) {
  const { t } = useT('admin/channels');
  return (
    <Field label={label} path={path} errors={errors} hint={stored ? t('field.secretStored') : (emptyHint ?? t('field.secretEmpty'))}>
      {(id, describedBy, invalid) => (
        <input
          id={id}
          type="password"
          autoComplete="new-password"
          value={value}
          placeholder={stored ? '••••••••' : ''}
          aria-invalid={invalid}
          aria-describedby={describedBy}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
    </Field>
  );
}

export function QueueField({
  label,
  path,
  errors,
  value,
  onChange,
  queues,
}: Readonly<{
  label: string;
  path: string;
  errors: FieldErrors;
  value: string;
  onChange: (v: string) => void;
  queues: ReadonlyArray<{ id: string; name: string }>;
}>) {
  const known = queues.some((q) => q.id === value);
  const { t } = useT('admin/channels');
  return (
    <Field label={label} path={path} errors={errors}>
      {(id, describedBy, invalid) => (
        <select id={id} value={value} aria-invalid={invalid} aria-describedby={describedBy} onChange={(e) => onChange(e.target.value)}>
          {!value && <option value="">{t('field.chooseQueue')}</option>}
          {value && !known && <option value={value}>{t('field.noSuchQueue', { id: value })}</option>}
          {queues.map((q) => (
            <option key={q.id} value={q.id}>
              {q.name}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

export function CheckField({ label, checked, onChange }: Readonly<{ label: string; checked: boolean; onChange: (v: boolean) => void }>) {
  return (
    <label className="ch-check">
      <input type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} />
      {label}
    </label>
  );
}

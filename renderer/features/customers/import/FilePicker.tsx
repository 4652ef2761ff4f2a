import { useState, type DragEvent } from 'react';
import { useT } from '../../../i18n';
import { formatBytes } from './upload';

type Props = Readonly<{
  maxBytes: number | null;
  busy: boolean;
  error: string | null;
  onFile: (file: File) => void;
}>;

/** Step 1: a drop zone and a file picker; the size limit is stated before the user picks anything. */
export function FilePicker({ maxBytes, busy, error, onFile }: Props) {
  const { t } = useT('customers/import');
  const [over, setOver] = useState(false);
  const onDrop = (event: DragEvent): void => {
    event.preventDefault();
    setOver(false);
    const file = event.dataTransfer.files[0];
    if (file && !busy) onFile(file);
  };
  return (
    <section className="imp-step" aria-labelledby="imp-choose-title">
      <h3 id="imp-choose-title">{t('choose.title')}</h3>
      <div
        className={`imp-drop${over ? ' over' : ''}`}
        data-testid="import-drop-zone"
        onDragOver={(event) => {
          event.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
      >
        <p className="imp-drop-main">{busy ? t('choose.reading') : t('choose.drag')}</p>
        <p className="muted small">{t('choose.or')}</p>
        <label className={`btn btn-primary${busy ? ' disabled' : ''}`}>
          {t('choose.button')}
          <input
            type="file"
            className="visually-hidden"
            accept=".csv,.tsv,.txt,text/csv,text/plain"
            disabled={busy}
            onChange={(event) => {
              const file = event.target.files?.[0];
              event.target.value = ''; // choosing the same file again after a fix must fire again
              if (file) onFile(file);
            }}
          />
        </label>
        <p className="muted small imp-limit">
          {maxBytes !== null ? t('choose.limitUpTo', { size: formatBytes(maxBytes) }) : t('choose.limit')}
        </p>
      </div>
      {error && (
        <p className="imp-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}

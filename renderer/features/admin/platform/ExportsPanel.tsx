import { useState } from 'react';
import { errorText } from '../../../app/api';
import { useAppSelector } from '../../../app/hooks';
import { dateInput, dayRange, startDownload } from './download';
import { useDownloadLinkMutation } from './platformApi';
import { useT } from '../../../i18n';

/** What can be exported; each one's name and hint are the catalogue's `exports.kind.<kind>`. */
const kinds = [{ kind: 'conversations' }, { kind: 'messages' }, { kind: 'report' }] as const;
const formats = ['csv', 'json'] as const;

/** Streamed CSV/JSON downloads for a period; the same exports partners get from the API. */
export function ExportsPanel() {
  const hubUrl = useAppSelector((s) => s.session.session?.hubUrl ?? window.location.origin);
  const [from, setFrom] = useState(() => dateInput(Date.now() - 29 * 86_400_000));
  const [to, setTo] = useState(() => dateInput(Date.now()));
  const [format, setFormat] = useState<'csv' | 'json'>('csv');
  const [error, setError] = useState<string | null>(null);
  const { t } = useT('admin/platform');
  const [link, { isLoading }] = useDownloadLinkMutation();
  const range = dayRange(from, to);
  const download = async (kind: (typeof kinds)[number]['kind']): Promise<void> => {
    if (!range) return;
    setError(null);
    try {
      const { url } = await link({ kind, format, from: range.from, to: range.to }).unwrap();
      startDownload(hubUrl, url);
    } catch (e) {
      setError(errorText(e));
    }
  };
  return (
    <section className="pa-panel" aria-labelledby="pa-exports-title">
      <header className="pa-panel-head">
        <div>
          <h2 id="pa-exports-title">{t('tab.exports')}</h2>
          <p className="muted small">{t('exports.intro')}</p>
        </div>
      </header>
      <div className="pa-body">
        <div className="pa-row">
          <label>
            {t('exports.from')}
            <input type="date" value={from} max={to} onChange={(e) => setFrom(e.target.value)} />
          </label>
          <label>
            {t('exports.to')}
            <input type="date" value={to} min={from} onChange={(e) => setTo(e.target.value)} />
          </label>
          <label>
            {t('exports.format')}
            <select value={format} onChange={(e) => setFormat(e.target.value === formats[1] ? formats[1] : formats[0])}>
              {formats.map((f) => (
                <option key={f} value={f}>
                  {t(`exports.formatName.${f}`)}
                </option>
              ))}
            </select>
          </label>
        </div>
        {!range && <p className="inline-error">{t('exports.badRange')}</p>}
        <ul className="pa-exports">
          {kinds.map((k) => (
            <li key={k.kind}>
              <div>
                <strong>{t(`exports.kind.${k.kind}.label`)}</strong>
                <p className="muted small">{t(`exports.kind.${k.kind}.hint`)}</p>
              </div>
              <button type="button" className="btn" disabled={!range || isLoading} onClick={() => void download(k.kind)}>
                {t('exports.download')}
              </button>
            </li>
          ))}
        </ul>
        {error && (
          <p className="inline-error" role="alert">
            {error}
          </p>
        )}
      </div>
    </section>
  );
}

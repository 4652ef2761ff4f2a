import { useState } from 'react';
import { errorText } from '../../../app/api';
import { useAppSelector } from '../../../app/hooks';
import { dateInput, dayRange, startDownload } from './download';
import { useDownloadLinkMutation } from './platformApi';

const kinds = [
  { kind: 'conversations', label: 'Conversations', hint: 'One row per conversation: channel, customer, queue, state, times, outcome.' },
  { kind: 'messages', label: 'Messages', hint: 'Every message to and from customers (internal notes are left out).' },
  { kind: 'report', label: 'Report by day', hint: 'Service level, waits, handle times per day, queue and channel.' },
] as const;

/** Streamed CSV/JSON downloads for a period; the same exports partners get from the API. */
export function ExportsPanel() {
  const hubUrl = useAppSelector((s) => s.session.session?.hubUrl ?? window.location.origin);
  const [from, setFrom] = useState(() => dateInput(Date.now() - 29 * 86_400_000));
  const [to, setTo] = useState(() => dateInput(Date.now()));
  const [format, setFormat] = useState<'csv' | 'json'>('csv');
  const [error, setError] = useState<string | null>(null);
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
          <h2 id="pa-exports-title">Exports</h2>
          <p className="muted small">Downloads stream straight from the hub, however large the period.</p>
        </div>
      </header>
      <div className="pa-body">
        <div className="pa-row">
          <label>
            From
            <input type="date" value={from} max={to} onChange={(e) => setFrom(e.target.value)} />
          </label>
          <label>
            To
            <input type="date" value={to} min={from} onChange={(e) => setTo(e.target.value)} />
          </label>
          <label>
            Format
            <select value={format} onChange={(e) => setFormat(e.target.value === 'json' ? 'json' : 'csv')}>
              <option value="csv">CSV (spreadsheets)</option>
              <option value="json">JSON</option>
            </select>
          </label>
        </div>
        {!range && <p className="inline-error">Choose a start date on or before the end date.</p>}
        <ul className="pa-exports">
          {kinds.map((k) => (
            <li key={k.kind}>
              <div>
                <strong>{k.label}</strong>
                <p className="muted small">{k.hint}</p>
              </div>
              <button type="button" className="btn" disabled={!range || isLoading} onClick={() => void download(k.kind)}>
                Download
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

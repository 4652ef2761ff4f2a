import { useEffect, useState } from 'react';
import { channelKinds, type ChannelKind, type ErasureReport } from '../../../../services/contracts';
import { errorText } from '../../../app/api';
import { useAppSelector, useHubReady } from '../../../app/hooks';
import { Dialog } from '../../../common/Dialog';
import { formatDateTime } from '../../../common/time';
import { useCustomerSearchQuery } from '../../customers/customerApi';
import { startDownload } from './download';
import {
  useDownloadLinkMutation,
  useEraseCustomerMutation,
  useRetentionQuery,
  useRunRetentionMutation,
  useSetRetentionMutation,
} from './platformApi';

/** "1 message", "3 messages". */
const count = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

const channelNames: Readonly<Record<ChannelKind, string>> = { chat: 'Web chat', sms: 'SMS', email: 'Email', voice: 'Phone calls' };

/** One customer's data (download, erase) and how long each channel's conversations are kept. */
export function DataRightsPanel() {
  return (
    <div className="pa-split">
      <CustomerRights />
      <RetentionPolicies />
    </div>
  );
}

type Picked = Readonly<{ id: number; name: string; detail: string }>;

function CustomerRights() {
  const hubUrl = useAppSelector((s) => s.session.session?.hubUrl ?? window.location.origin);
  const ready = useHubReady();
  const [query, setQuery] = useState('');
  const [debounced, setDebounced] = useState('');
  const [picked, setPicked] = useState<Picked | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [report, setReport] = useState<ErasureReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [link] = useDownloadLinkMutation();
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(query.trim()), 250);
    return () => clearTimeout(timer);
  }, [query]);
  const { data: found, isFetching } = useCustomerSearchQuery(debounced, { skip: !ready || debounced.length < 2 || picked !== null });
  return (
    <section className="pa-panel" aria-labelledby="pa-rights-title">
      <header className="pa-panel-head">
        <div>
          <h2 id="pa-rights-title">A customer&apos;s data</h2>
          <p className="muted small">Give a customer everything stored about them, or erase it when they ask.</p>
        </div>
      </header>
      <div className="pa-body">
        {picked ? (
          <div className="pa-picked">
            <div className="pa-min">
              <strong>{picked.name}</strong>
              <div className="muted small pa-ellipsis">
                Customer {picked.id}
                {picked.detail ? ` · ${picked.detail}` : ''}
              </div>
            </div>
            <button type="button" className="btn btn-small btn-ghost" onClick={() => setPicked(null)}>
              Change
            </button>
          </div>
        ) : (
          <label>
            Find the customer
            <input
              type="search"
              value={query}
              onChange={(e) => setQuery(e.target.value)}
              placeholder="Name, phone number or email address"
              maxLength={200}
            />
          </label>
        )}
        {!picked && debounced.length >= 2 && (
          <ul className="pa-hits" aria-label="Matching customers" aria-busy={isFetching}>
            {found?.hits.length === 0 && <li className="empty small">No customer matches.</li>}
            {found?.hits.map((h) => {
              const detail = h.identities.map((i) => i.value).join(', ');
              return (
                <li key={h.customerId}>
                  <button
                    type="button"
                    className="pa-hit"
                    onClick={() => {
                      setPicked({ id: h.customerId, name: h.displayName, detail });
                      setReport(null);
                    }}
                  >
                    <span>{h.displayName}</span>
                    <span className="muted small pa-ellipsis">{detail || `Customer ${h.customerId}`}</span>
                  </button>
                </li>
              );
            })}
          </ul>
        )}
        <div className="pa-buttons">
          <button
            type="button"
            className="btn"
            disabled={!picked}
            onClick={async () => {
              if (!picked) return;
              setError(null);
              try {
                startDownload(hubUrl, (await link({ kind: 'customer', customerId: picked.id }).unwrap()).url);
              } catch (e) {
                setError(errorText(e));
              }
            }}
          >
            Download their data
          </button>
          <button type="button" className="btn btn-danger" disabled={!picked} onClick={() => setConfirming(true)}>
            Erase customer…
          </button>
        </div>
        {error && (
          <p className="inline-error" role="alert">
            {error}
          </p>
        )}
        {report && (
          <p className="pa-done" role="status">
            Erased {report.customers > 1 ? `${report.customers} customer records (merged)` : 'the customer'}:{' '}
            {count(report.conversations, 'conversation')}, {count(report.messages, 'message')},{' '}
            {count(report.identities, 'phone number or address', 'phone numbers and addresses')}, {count(report.attachments, 'attachment')}.
            Only anonymous figures remain.
          </p>
        )}
      </div>
      {confirming && picked && (
        <EraseDialog
          customer={picked}
          onClose={() => setConfirming(false)}
          onErased={(r) => {
            setConfirming(false);
            setReport(r);
            setPicked(null);
            setQuery('');
            setDebounced('');
          }}
        />
      )}
    </section>
  );
}

function EraseDialog({
  customer,
  onClose,
  onErased,
}: Readonly<{ customer: Picked; onClose: () => void; onErased: (r: ErasureReport) => void }>) {
  const [reason, setReason] = useState('');
  const [typed, setTyped] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [erase, { isLoading }] = useEraseCustomerMutation();
  return (
    <Dialog title={`Erase ${customer.name}?`} onClose={onClose}>
      <form
        className="dialog-body pa-form"
        onSubmit={async (e) => {
          e.preventDefault();
          try {
            onErased(await erase({ customerId: customer.id, reason: reason.trim() }).unwrap());
          } catch (err) {
            setError(errorText(err));
          }
        }}
      >
        <p className="pa-warning">
          Their conversations, messages, attachments, notes, phone numbers and addresses are deleted for good, including records merged into
          this one. Reports keep anonymous figures. This cannot be undone.
        </p>
        <label>
          Reason (kept in the audit log)
          <input
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            maxLength={120}
            placeholder="Erasure request of 3 Dec"
            required
          />
        </label>
        <label>
          Type ERASE to confirm
          <input value={typed} onChange={(e) => setTyped(e.target.value)} autoComplete="off" />
        </label>
        {error && (
          <p className="inline-error" role="alert">
            {error}
          </p>
        )}
        <div className="dialog-actions">
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="btn pa-erase" disabled={isLoading || !reason.trim() || typed !== 'ERASE'}>
            Erase for good
          </button>
        </div>
      </form>
    </Dialog>
  );
}

function RetentionPolicies() {
  const ready = useHubReady();
  const { data, error } = useRetentionQuery(undefined, { skip: !ready });
  const [save] = useSetRetentionMutation();
  const [run, { isLoading: running }] = useRunRetentionMutation();
  const [drafts, setDrafts] = useState<Partial<Record<ChannelKind, string>>>({});
  const [saveError, setSaveError] = useState<string | null>(null);
  const policy = (c: ChannelKind) => data?.policies.find((p) => p.channel === c);
  return (
    <section className="pa-panel" aria-labelledby="pa-retention-title">
      <header className="pa-panel-head">
        <div>
          <h2 id="pa-retention-title">Keep conversations</h2>
          <p className="muted small">Closed conversations older than this are deleted every hour. Empty keeps them for good.</p>
        </div>
        <button type="button" className="btn btn-small" disabled={running} onClick={() => void run({})}>
          {running ? 'Running…' : 'Run now'}
        </button>
      </header>
      {error && <p className="inline-error pad">{errorText(error)}</p>}
      <div className="pa-body">
        <table className="pa-table pa-table-plain">
          <tbody>
            {channelKinds.map((c) => {
              const current = policy(c);
              const draft = drafts[c] ?? (current ? String(current.days) : '');
              const changed = draft !== (current ? String(current.days) : '');
              return (
                <tr key={c}>
                  <th scope="row">{channelNames[c]}</th>
                  <td>
                    <label className="pa-days">
                      <input
                        inputMode="numeric"
                        aria-label={`Days to keep ${channelNames[c]}`}
                        value={draft}
                        placeholder="forever"
                        onChange={(e) => setDrafts({ ...drafts, [c]: e.target.value.replace(/\D/g, '') })}
                      />
                      <span className="muted small">days</span>
                    </label>
                  </td>
                  <td className="pa-actions">
                    <button
                      type="button"
                      className="btn btn-small"
                      disabled={!changed}
                      onClick={async () => {
                        setSaveError(null);
                        try {
                          await save({ channel: c, days: draft === '' ? null : Number(draft) }).unwrap();
                          setDrafts({ ...drafts, [c]: undefined });
                        } catch (e) {
                          setSaveError(errorText(e));
                        }
                      }}
                    >
                      Save
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        {saveError && (
          <p className="inline-error" role="alert">
            {saveError}
          </p>
        )}
        <h3 className="pa-subhead">Recent runs</h3>
        {data && data.runs.length === 0 && <p className="empty small">No runs yet.</p>}
        <ul className="pa-runs">
          {data?.runs.map((r) => (
            <li key={r.id}>
              <span className="small">{formatDateTime(r.at)}</span>
              <span>
                {channelNames[r.channel]} older than {r.days} days:{' '}
                <strong>
                  {count(r.conversations, 'conversation')}, {count(r.messages, 'message')}
                </strong>{' '}
                deleted
              </span>
            </li>
          ))}
        </ul>
      </div>
    </section>
  );
}

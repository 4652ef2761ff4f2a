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
import { useT } from '../../../i18n';

/** The confirm word, compared as typed; in the user's language ("ERASE", "BORRAR"). */
const eraseWordKey = 'erase.word';

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
  const { t } = useT('admin/platform');
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
          <h2 id="pa-rights-title">{t('rights.title')}</h2>
          <p className="muted small">{t('rights.intro')}</p>
        </div>
      </header>
      <div className="pa-body">
        {picked ? (
          <div className="pa-picked">
            <div className="pa-min">
              <strong>{picked.name}</strong>
              <div className="muted small pa-ellipsis">
                {t('rights.customer', { id: picked.id })}
                {picked.detail ? ` · ${picked.detail}` : ''}
              </div>
            </div>
            <button type="button" className="btn btn-small btn-ghost" onClick={() => setPicked(null)}>
              {t('rights.change')}
            </button>
          </div>
        ) : (
          <label>
            {t('rights.find')}
            <input
              type="search"
              value={query}
              onChange={(e) => setQuery(e.target.value)}
              placeholder={t('attr.namePhoneNumberOr')}
              maxLength={200}
            />
          </label>
        )}
        {!picked && debounced.length >= 2 && (
          <ul className="pa-hits" aria-label={t('attr.matchingCustomers')} aria-busy={isFetching}>
            {found?.hits.length === 0 && <li className="empty small">{t('rights.noMatch')}</li>}
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
                    <span className="muted small pa-ellipsis">{detail || t('rights.customer', { id: h.customerId })}</span>
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
            {t('rights.download')}
          </button>
          <button type="button" className="btn btn-danger" disabled={!picked} onClick={() => setConfirming(true)}>
            {t('rights.erase')}
          </button>
        </div>
        {error && (
          <p className="inline-error" role="alert">
            {error}
          </p>
        )}
        {report && (
          <p className="pa-done" role="status">
            {t('rights.erased', {
              who: report.customers > 1 ? t('rights.mergedRecords', { count: report.customers }) : t('rights.theCustomer'),
              conversations: t('count.conversation', { count: report.conversations }),
              messages: t('count.message', { count: report.messages }),
              identities: t('count.identity', { count: report.identities }),
              attachments: t('count.attachment', { count: report.attachments }),
            })}
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
  const { t } = useT('admin/platform');
  return (
    <Dialog title={t('erase.title', { name: customer.name })} onClose={onClose}>
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
        <p className="pa-warning">{t('erase.warning')}</p>
        <label>
          {t('erase.reason')}
          <input
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            maxLength={120}
            placeholder={t('attr.erasureRequestOf3')}
            required
          />
        </label>
        <label>
          {t('erase.typeToConfirm', { word: t(eraseWordKey) })}
          <input value={typed} onChange={(e) => setTyped(e.target.value)} autoComplete="off" />
        </label>
        {error && (
          <p className="inline-error" role="alert">
            {error}
          </p>
        )}
        <div className="dialog-actions">
          <button type="button" className="btn" onClick={onClose}>
            {t('cancel')}
          </button>
          <button type="submit" className="btn pa-erase" disabled={isLoading || !reason.trim() || typed.trim() !== t(eraseWordKey)}>
            {t('erase.confirm')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

function RetentionPolicies() {
  const ready = useHubReady();
  const { t } = useT('admin/platform');
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
          <h2 id="pa-retention-title">{t('retention.title')}</h2>
          <p className="muted small">{t('retention.intro')}</p>
        </div>
        <button type="button" className="btn btn-small" disabled={running} onClick={() => void run({})}>
          {running ? t('retention.running') : t('retention.run')}
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
                  <th scope="row">{t(`channel.${c}`)}</th>
                  <td>
                    <label className="pa-days">
                      <input
                        inputMode="numeric"
                        aria-label={t('retention.daysFor', { channel: t(`channel.${c}`) })}
                        value={draft}
                        placeholder={t('attr.forever')}
                        onChange={(e) => setDrafts({ ...drafts, [c]: e.target.value.replace(/\D/g, '') })}
                      />
                      <span className="muted small">{t('retention.days')}</span>
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
                      {t('retention.save')}
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
        <h3 className="pa-subhead">{t('retention.runs')}</h3>
        {data && data.runs.length === 0 && <p className="empty small">{t('retention.noRuns')}</p>}
        <ul className="pa-runs">
          {data?.runs.map((r) => (
            <li key={r.id}>
              <span className="small">{formatDateTime(r.at)}</span>
              <span>
                {t('retention.olderThan', { channel: t(`channel.${r.channel}`), count: r.days })}{' '}
                <strong>
                  {t('count.conversation', { count: r.conversations })}, {t('count.message', { count: r.messages })}
                </strong>{' '}
                {t('retention.deleted')}
              </span>
            </li>
          ))}
        </ul>
      </div>
    </section>
  );
}

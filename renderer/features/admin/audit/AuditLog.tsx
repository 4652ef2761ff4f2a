import { useMemo, useState, type FormEvent } from 'react';
import type { AuditRecord, AuditSearch } from '../../../../services/contracts';
import { errorText } from '../../../app/api';
import { useHubReady } from '../../../app/hooks';
import { useAdminAgentListQuery } from '../agents/agentsApi';
import { dateTime } from '../common/format';
import { SectionHeader } from '../common/SectionHeader';
import { useAuditSearchQuery, useLazyAuditSearchQuery } from './auditApi';
import { actionGroups, actionText, actorText, detailLines, targetText } from './describe';
import { useT } from '../../../i18n';

type Draft = { actor: string; actionPrefix: string; target: string; text: string; fromDate: string; toDate: string };
const emptyDraft: Draft = { actor: '', actionPrefix: '', target: '', text: '', fromDate: '', toDate: '' };
const PAGE = 50;
/** The actor filter's value for the hub itself (a code, not words). */
const SYSTEM = 'system';

/** The form's text as a search: dates are whole local days ("to" includes its day). */
function toSearch(d: Draft): AuditSearch {
  const day = (text: string, plusDays = 0): number | undefined => {
    if (!text) return undefined;
    const [y, m, dd] = text.split('-').map(Number);
    return new Date(y!, m! - 1, dd! + plusDays).getTime();
  };
  return {
    limit: PAGE,
    ...(d.actor === 'system' ? { actor: 'system' as const } : d.actor ? { actor: Number(d.actor) } : {}),
    ...(d.actionPrefix ? { actionPrefix: d.actionPrefix } : {}),
    ...(d.target.trim() ? { target: d.target.trim() } : {}),
    ...(d.text.trim() ? { text: d.text.trim() } : {}),
    ...(d.fromDate ? { from: day(d.fromDate) } : {}),
    ...(d.toDate ? { to: day(d.toDate, 1) } : {}),
  };
}

/** Who changed what and when: filters, newest first, older pages on demand, each detail in plain words. */
export function AuditLog() {
  const ready = useHubReady();
  const { t } = useT('admin/audit');
  const [draft, setDraft] = useState<Draft>(emptyDraft);
  const [search, setSearch] = useState<AuditSearch>(() => toSearch(emptyDraft));
  const [formError, setFormError] = useState<string | null>(null);
  const first = useAuditSearchQuery(search, { skip: !ready });
  const [fetchOlder, older] = useLazyAuditSearchQuery();
  const [extra, setExtra] = useState<{ key: AuditSearch; entries: AuditRecord[]; nextCursor: number | null } | null>(null);
  const agents = useAdminAgentListQuery(undefined, { skip: !ready }).data?.agents;
  const names = useMemo(() => new Map((agents ?? []).map((a) => [a.id, a.displayName])), [agents]);

  const more = extra?.key === search ? extra : null;
  const entries = [...(first.data?.entries ?? []), ...(more?.entries ?? [])];
  const nextCursor = more ? more.nextCursor : (first.data?.nextCursor ?? null);

  const apply = (event: FormEvent): void => {
    event.preventDefault();
    if (draft.fromDate && draft.toDate && draft.fromDate > draft.toDate) {
      setFormError(t('log.badRange'));
      return;
    }
    setFormError(null);
    setSearch(toSearch(draft));
    setExtra(null);
  };

  const loadOlder = async (): Promise<void> => {
    if (nextCursor === null) return;
    const page = await fetchOlder({ ...search, cursor: nextCursor }).unwrap();
    setExtra({ key: search, entries: [...(more?.entries ?? []), ...page.entries], nextCursor: page.nextCursor });
  };

  const filterBy = (patch: Partial<Draft>): void => {
    const next = { ...draft, ...patch };
    setDraft(next);
    setSearch(toSearch(next));
    setExtra(null);
  };

  return (
    <section className="adm-panel adm-audit" aria-label={t('log.title')}>
      <SectionHeader title={t('log.title')}>
        <button type="button" className="btn btn-small" disabled={!ready} onClick={() => void first.refetch()}>
          {t('log.refresh')}
        </button>
      </SectionHeader>
      <form className="adm-toolbar adm-audit-filters" onSubmit={apply} aria-label={t('log.filters')}>
        <label>
          {t('log.who')}
          <select aria-label={t('log.who')} value={draft.actor} onChange={(e) => setDraft({ ...draft, actor: e.target.value })}>
            <option value="">{t('log.anyone')}</option>
            <option value={SYSTEM}>{t('log.hubRefused')}</option>
            {[...(agents ?? [])]
              .sort((a, b) => a.displayName.localeCompare(b.displayName))
              .map((a) => (
                <option key={a.id} value={String(a.id)}>
                  {a.displayName} ({a.username})
                </option>
              ))}
          </select>
        </label>
        <label>
          {t('log.what')}
          <select
            aria-label={t('log.what')}
            value={draft.actionPrefix}
            onChange={(e) => setDraft({ ...draft, actionPrefix: e.target.value })}
          >
            {actionGroups().map((g) => (
              <option key={g.prefix} value={g.prefix}>
                {g.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('log.on')}
          <input
            value={draft.target}
            placeholder={t('log.onPlaceholder')}
            onChange={(e) => setDraft({ ...draft, target: e.target.value })}
          />
        </label>
        <label className="adm-grow">
          {t('log.words')}
          <input
            type="search"
            value={draft.text}
            placeholder={t('log.wordsPlaceholder')}
            onChange={(e) => setDraft({ ...draft, text: e.target.value })}
          />
        </label>
        <label>
          {t('log.from')}
          <input type="date" value={draft.fromDate} onChange={(e) => setDraft({ ...draft, fromDate: e.target.value })} />
        </label>
        <label>
          {t('log.to')}
          <input type="date" value={draft.toDate} onChange={(e) => setDraft({ ...draft, toDate: e.target.value })} />
        </label>
        <div className="adm-filter-buttons">
          <button type="submit" className="btn btn-primary" disabled={!ready}>
            {t('log.search')}
          </button>
          <button
            type="button"
            className="btn btn-ghost"
            onClick={() => {
              setDraft(emptyDraft);
              setSearch(toSearch(emptyDraft));
              setExtra(null);
              setFormError(null);
            }}
          >
            {t('log.clear')}
          </button>
        </div>
      </form>
      {formError && (
        <p className="form-error adm-pad-x" role="alert">
          {formError}
        </p>
      )}
      {first.error ? (
        <p className="form-error adm-pad-x" role="alert">
          {t('log.searchFailed', { error: errorText(first.error) })}
        </p>
      ) : first.isLoading || (!first.data && ready) ? (
        <p className="empty pad">{t('log.loading')}</p>
      ) : entries.length === 0 ? (
        <p className="empty pad">{t('log.noMatch')}</p>
      ) : (
        <div className="adm-table-wrap">
          <table className="adm-table" aria-label={t('log.entries')}>
            <thead>
              <tr>
                <th scope="col">{t('log.when')}</th>
                <th scope="col">{t('log.who')}</th>
                <th scope="col">{t('log.what')}</th>
                <th scope="col">{t('log.on')}</th>
                <th scope="col">{t('log.details')}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <AuditRow
                  key={e.id}
                  entry={e}
                  names={names}
                  onActor={(actor) => filterBy({ actor })}
                  onTarget={(target) => filterBy({ target })}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div className="adm-pager">
        <span className="muted small">{t('log.shown', { count: entries.length })}</span>
        {nextCursor !== null && (
          <button type="button" className="btn btn-small" disabled={older.isFetching} onClick={() => void loadOlder()}>
            {older.isFetching ? t('log.loading') : t('log.older')}
          </button>
        )}
      </div>
    </section>
  );
}

function AuditRow({
  entry,
  names,
  onActor,
  onTarget,
}: Readonly<{
  entry: AuditRecord;
  names: ReadonlyMap<number, string>;
  onActor: (actor: string) => void;
  onTarget: (target: string) => void;
}>) {
  const { t } = useT('admin/audit');
  const lines = detailLines(entry.detail);
  const actorKey = entry.actor.kind === 'agent' ? String(entry.actor.agentId) : entry.actor.kind === 'system' ? SYSTEM : '';
  return (
    <tr>
      <td className="adm-nowrap">{dateTime(entry.at)}</td>
      <td>
        {actorKey ? (
          <button type="button" className="adm-linkish" title={t('log.onlyActor')} onClick={() => onActor(actorKey)}>
            {actorText(entry.actor, names)}
          </button>
        ) : (
          actorText(entry.actor, names)
        )}
      </td>
      <td>
        <span>{actionText(entry.action, entry.detail)}</span>
        <div className="muted small mono">{entry.action}</div>
      </td>
      <td>
        {entry.target ? (
          <button type="button" className="adm-linkish" title={t('log.onlyTarget')} onClick={() => onTarget(entry.target!)}>
            {targetText(entry.target, names)}
          </button>
        ) : (
          '—'
        )}
      </td>
      <td className="adm-detail">
        {lines.length === 0 ? (
          <span className="muted">—</span>
        ) : (
          <ul>
            {lines.map((line, i) => (
              <li key={i}>{line}</li>
            ))}
          </ul>
        )}
      </td>
    </tr>
  );
}

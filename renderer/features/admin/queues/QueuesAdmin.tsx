import { useMemo, useState } from 'react';
import type { Queue } from '../../../../services/contracts';
import { useAgentListQuery, useQueueListQuery } from '../../../app/api';
import { useHubReady } from '../../../app/hooks';
import { ChannelBadge } from '../../../common/ChannelBadge';
import { QueueForm } from './QueueForm';
import { draftOf, newDraft, statusText } from './queueDraft';
import { useNow } from './useNow';
import { useT } from '../../../i18n';
import './queuesAdmin.css';

type Editing = Readonly<{ kind: 'none' } | { kind: 'new' } | { kind: 'edit'; id: string }>;

/** The admin console's Queues screen: the list with each queue's hours status, and the create/edit form. */
export function QueuesAdmin() {
  const ready = useHubReady();
  const { t } = useT('admin/queues');
  const queues = useQueueListQuery(undefined, { skip: !ready });
  const agents = useAgentListQuery(undefined, { skip: !ready });
  const [editing, setEditing] = useState<Editing>({ kind: 'none' });
  const [saved, setSaved] = useState<string | null>(null);
  const now = useNow();
  const list = useMemo(() => (queues.data ?? []).map((q) => q.queue).sort((a, b) => a.name.localeCompare(b.name)), [queues.data]);
  // Skills already in use, on agents or queues: what an admin picks from.
  const knownSkills = useMemo(
    () =>
      [...new Set([...(agents.data ?? []).flatMap((a) => Object.keys(a.skills)), ...list.flatMap((q) => Object.keys(q.skills))])].sort(),
    [agents.data, list],
  );
  const current = editing.kind === 'edit' ? list.find((q) => q.id === editing.id) : undefined;
  const onSaved = (queue: Queue): void => {
    setSaved(t('list.saved', { name: queue.name }));
    setEditing({ kind: 'edit', id: queue.id });
  };

  return (
    <section className="qa" aria-labelledby="qa-title">
      <header className="qa-head">
        <h1 id="qa-title">{t('list.title')}</h1>
        <button
          type="button"
          className="btn btn-primary"
          onClick={() => {
            setSaved(null);
            setEditing({ kind: 'new' });
          }}
        >
          {t('list.new')}
        </button>
      </header>
      <div className="qa-body">
        <ul className="qa-list" aria-label={t('list.title')}>
          {queues.isLoading && <li className="muted qa-empty">{t('list.loading')}</li>}
          {queues.isError && <li className="inline-error qa-empty">{t('list.loadFailed')}</li>}
          {queues.isSuccess && list.length === 0 && <li className="muted qa-empty">{t('list.none')}</li>}
          {list.map((q) => {
            const status = statusText(q.hours, now);
            const selected = editing.kind === 'edit' && editing.id === q.id;
            return (
              <li key={q.id}>
                <button
                  type="button"
                  className={`qa-item${selected ? ' qa-item-selected' : ''}`}
                  aria-current={selected ? 'true' : undefined}
                  onClick={() => {
                    setSaved(null);
                    setEditing({ kind: 'edit', id: q.id });
                  }}
                >
                  <span className="qa-item-name">{q.name}</span>
                  <span className="qa-item-id muted small">{q.id}</span>
                  <span className="qa-item-channels">
                    {q.channels.map((c) => (
                      <ChannelBadge key={c} channel={c} />
                    ))}
                  </span>
                  <span className={`qa-item-status small ${status.open ? 'qa-open' : 'qa-closed'}`}>{status.text}</span>
                </button>
              </li>
            );
          })}
        </ul>
        <div className="qa-editor">
          {saved && (
            <p className="qa-saved" role="status">
              {saved}
            </p>
          )}
          {editing.kind === 'new' && (
            <QueueForm
              key="new"
              initial={newDraft()}
              knownSkills={knownSkills}
              onSaved={onSaved}
              onCancel={() => setEditing({ kind: 'none' })}
              onEdited={() => setSaved(null)}
            />
          )}
          {editing.kind === 'edit' && current && (
            <QueueForm
              key={`${current.id}:${JSON.stringify(current)}`}
              queue={current}
              initial={draftOf(current)}
              knownSkills={knownSkills}
              onSaved={onSaved}
              onCancel={() => setEditing({ kind: 'none' })}
              onEdited={() => setSaved(null)}
            />
          )}
          {editing.kind === 'none' && (
            <p className="muted qa-placeholder">{queues.isSuccess && list.length === 0 ? t('list.firstHint') : t('list.pickHint')}</p>
          )}
        </div>
      </div>
    </section>
  );
}

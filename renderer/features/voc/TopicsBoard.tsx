import { useState, type FormEvent } from 'react';
import { ChannelKind, type TopicFigure, type VocPeriod } from '../../../services/contracts';
import { errorText } from '../../app/api';
import { useAppDispatch, useAppSelector, useHubReady } from '../../app/hooks';
import { ChannelBadge, channelLabel } from '../../common/ChannelBadge';
import { formatDateTime } from '../../common/time';
import { Highlighted, SentimentTag } from './Highlighted';
import {
  useVocBoardQuery,
  useVocReanalyseMutation,
  useVocTopicMergeMutation,
  useVocTopicMessagesQuery,
  useVocTopicUpdateMutation,
} from './vocApi';
import { spikeDismissed } from './vocSlice';
import './voc.css';

type Props = Readonly<{
  queues: ReadonlyArray<{ queueId: string; name: string }>;
  /** Opens a conversation behind a figure (the console's silent monitor). */
  onOpenConversation: (conversationId: number) => void;
}>;

const periodWords: Readonly<Record<VocPeriod, { now: string; before: string }>> = {
  today: { now: 'Today', before: 'yesterday' },
  week: { now: 'Last 7 days', before: 'the 7 days before' },
};

function Change({ figure }: Readonly<{ figure: TopicFigure }>) {
  if (figure.change === 0) return <span className="muted">—</span>;
  const up = figure.change > 0;
  return (
    <span className={up ? 'voc-up' : 'voc-down'}>
      {up ? '▲' : '▼'} {Math.abs(figure.change)}
    </span>
  );
}

function RenameForm({ figure, onDone }: Readonly<{ figure: TopicFigure; onDone: () => void }>) {
  const [label, setLabel] = useState(figure.label);
  const [update, state] = useVocTopicUpdateMutation();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (label.trim() && label.trim() !== figure.label)
      await update({ topicId: figure.topicId, label: label.trim() })
        .unwrap()
        .catch(() => undefined);
    onDone();
  };
  return (
    <form className="voc-rename" onSubmit={(e) => void submit(e)}>
      <input
        aria-label={`New name for ${figure.label}`}
        value={label}
        maxLength={80}
        autoFocus
        onChange={(e) => setLabel(e.target.value)}
        onKeyDown={(e) => e.key === 'Escape' && onDone()}
      />
      <button type="submit" className="btn btn-small btn-primary" disabled={state.isLoading}>
        Save
      </button>
    </form>
  );
}

/** Supervisors' live topics: top and rising, per queue and channel, with spikes and the words behind each figure. */
export function TopicsBoard({ queues, onOpenConversation }: Props) {
  const ready = useHubReady();
  const dispatch = useAppDispatch();
  const [period, setPeriod] = useState<VocPeriod>('today');
  const [queueId, setQueueId] = useState('');
  const [channel, setChannel] = useState<ChannelKind | ''>('');
  const [includeHidden, setIncludeHidden] = useState(false);
  const [selected, setSelected] = useState<number | null>(null);
  const [renaming, setRenaming] = useState<number | null>(null);
  const [marked, setMarked] = useState<readonly number[]>([]);
  const scope = { ...(queueId ? { queueId } : {}), ...(channel ? { channel } : {}) };
  const board = useVocBoardQuery({ period, includeHidden, ...scope }, { skip: !ready });
  const pushedSpikes = useAppSelector((s) => s.voc.spikes);
  const progress = useAppSelector((s) => s.voc.progress) ?? board.data?.progress ?? null;
  const [update] = useVocTopicUpdateMutation();
  const [merge, mergeState] = useVocTopicMergeMutation();
  const [reanalyse, reanalyseState] = useVocReanalyseMutation();

  const data = board.data;
  const spikes = [...pushedSpikes, ...(data?.spikes ?? []).filter((s) => !pushedSpikes.some((p) => p.topicId === s.topicId))];
  const words = periodWords[period];
  const all = data ? [...data.top, ...data.rising.filter((r) => !data.top.some((t) => t.topicId === r.topicId))] : [];
  const selectedFigure = all.find((f) => f.topicId === selected) ?? null;
  const toggleMark = (id: number) => setMarked((m) => (m.includes(id) ? m.filter((x) => x !== id) : [...m, id]));

  const row = (f: TopicFigure, kind: 'top' | 'rising') => (
    <tr key={`${kind}-${f.topicId}`} className={`${selected === f.topicId ? 'voc-row-on' : ''}${f.hidden ? ' voc-row-hidden' : ''}`}>
      {kind === 'top' && (
        <td className="voc-check">
          <input
            type="checkbox"
            aria-label={`Select ${f.label} to merge`}
            checked={marked.includes(f.topicId)}
            onChange={() => toggleMark(f.topicId)}
          />
        </td>
      )}
      <th scope="row" className="voc-topic-cell">
        {renaming === f.topicId ? (
          <RenameForm figure={f} onDone={() => setRenaming(null)} />
        ) : (
          <button type="button" className="voc-link" onClick={() => setSelected(f.topicId)} aria-pressed={selected === f.topicId}>
            {f.pinned && (
              <span className="voc-pin" title="Pinned">
                ★
              </span>
            )}
            {f.label}
            {f.hidden && <span className="muted small"> (hidden)</span>}
          </button>
        )}
      </th>
      <td className="num">
        <button
          type="button"
          className="voc-link"
          onClick={() => setSelected(f.topicId)}
          aria-label={`${f.count} messages about ${f.label}`}
        >
          {f.count}
        </button>
      </td>
      <td className="num muted">{f.previous}</td>
      <td className="num">
        <Change figure={f} />
      </td>
      <td>
        <SentimentTag sentiment={f.sentiment} />
      </td>
      {kind === 'top' && (
        <td className="voc-actions">
          <div>
            <button
              type="button"
              className="btn btn-small btn-ghost"
              onClick={() => void update({ topicId: f.topicId, pinned: !f.pinned })}
            >
              {f.pinned ? 'Unpin' : 'Pin'}
            </button>
            <button
              type="button"
              className="btn btn-small btn-ghost"
              onClick={() => void update({ topicId: f.topicId, hidden: !f.hidden })}
            >
              {f.hidden ? 'Show' : 'Hide'}
            </button>
            <button type="button" className="btn btn-small btn-ghost" onClick={() => setRenaming(f.topicId)}>
              Rename
            </button>
          </div>
        </td>
      )}
    </tr>
  );

  return (
    <div className="voc-board-wrap">
      <section className="sv-panel voc-board" aria-labelledby="voc-board-title">
        <header className="sv-panel-head voc-head">
          <h2 id="voc-board-title">Topics</h2>
          <div className="voc-filters">
            <div role="group" aria-label="Period" className="voc-seg">
              {(['today', 'week'] as const).map((p) => (
                <button
                  key={p}
                  type="button"
                  className={`chip chip-button${period === p ? ' chip-on' : ''}`}
                  aria-pressed={period === p}
                  onClick={() => setPeriod(p)}
                >
                  {periodWords[p].now}
                </button>
              ))}
            </div>
            <label className="small">
              Queue{' '}
              <select value={queueId} onChange={(e) => setQueueId(e.target.value)}>
                <option value="">All queues</option>
                {queues.map((q) => (
                  <option key={q.queueId} value={q.queueId}>
                    {q.name}
                  </option>
                ))}
              </select>
            </label>
            <label className="small">
              Channel{' '}
              <select value={channel} onChange={(e) => setChannel(e.target.value as ChannelKind | '')}>
                <option value="">All channels</option>
                {ChannelKind.options.map((c) => (
                  <option key={c} value={c}>
                    {channelLabel(c)}
                  </option>
                ))}
              </select>
            </label>
            <label className="small voc-inline">
              <input type="checkbox" checked={includeHidden} onChange={(e) => setIncludeHidden(e.target.checked)} /> Show hidden
            </label>
          </div>
        </header>

        {spikes.length > 0 && (
          <div className="voc-spikes" role="alert">
            {spikes.map((s) => (
              <p key={s.topicId} className="banner banner-warn small voc-spike">
                <strong>Spike:</strong> “{s.label}” — {s.lastHour} messages in the last hour (usually {s.baselinePerHour.toFixed(1)} an
                hour).{' '}
                <button type="button" className="btn btn-small" onClick={() => setSelected(s.topicId)}>
                  See messages
                </button>{' '}
                <button type="button" className="btn btn-small btn-ghost" onClick={() => dispatch(spikeDismissed(s.topicId))}>
                  Dismiss
                </button>
              </p>
            ))}
          </div>
        )}

        <div className="voc-status small muted">
          {progress?.reanalysis
            ? `Re-analysing history: ${progress.reanalysis.done} of ${progress.reanalysis.total} messages`
            : progress && progress.pending > 0
              ? `${progress.pending} new messages waiting to be analysed`
              : 'All customer messages analysed'}
          {' · '}
          <button
            type="button"
            className="btn btn-small btn-ghost"
            disabled={reanalyseState.isLoading || progress?.reanalysis != null}
            onClick={() => void reanalyse({})}
          >
            Re-analyse history
          </button>
        </div>

        {board.error ? (
          <p className="inline-error pad">Topics unavailable: {errorText(board.error)}</p>
        ) : !data ? (
          <p className="empty pad">Loading topics…</p>
        ) : (
          <div className="voc-cols">
            <div>
              <h3 className="voc-col-title">
                Top topics · {words.now.toLowerCase()} vs {words.before}
              </h3>
              {marked.length >= 2 && (
                <p className="voc-mergebar small">
                  Merge {marked.length - 1} into “{all.find((f) => f.topicId === marked[0])?.label}”?{' '}
                  <button
                    type="button"
                    className="btn btn-small btn-primary"
                    disabled={mergeState.isLoading}
                    onClick={async () => {
                      await merge({ targetId: marked[0]!, sourceIds: marked.slice(1) });
                      setMarked([]);
                    }}
                  >
                    Merge
                  </button>{' '}
                  <button type="button" className="btn btn-small btn-ghost" onClick={() => setMarked([])}>
                    Cancel
                  </button>
                </p>
              )}
              {data.top.length === 0 ? (
                <p className="empty pad">No topics in this period yet.</p>
              ) : (
                <table className="sv-table voc-table" aria-label="Top topics">
                  <thead>
                    <tr>
                      <th scope="col">
                        <span className="visually-hidden">Merge</span>
                      </th>
                      <th scope="col">Topic</th>
                      <th scope="col" className="num">
                        Messages
                      </th>
                      <th scope="col" className="num" title={`Messages ${words.before}`}>
                        Before
                      </th>
                      <th scope="col" className="num" title="Against the same share of the previous period">
                        Change
                      </th>
                      <th scope="col">Sentiment</th>
                      <th scope="col">
                        <span className="visually-hidden">Actions</span>
                      </th>
                    </tr>
                  </thead>
                  <tbody>{data.top.map((f) => row(f, 'top'))}</tbody>
                </table>
              )}
            </div>
            <div>
              <h3 className="voc-col-title">
                Rising · {words.now.toLowerCase()} vs {words.before}
              </h3>
              {data.rising.length === 0 ? (
                <p className="empty pad">Nothing rising.</p>
              ) : (
                <table className="sv-table voc-table" aria-label="Rising topics">
                  <thead>
                    <tr>
                      <th scope="col">Topic</th>
                      <th scope="col" className="num">
                        Messages
                      </th>
                      <th scope="col" className="num">
                        Before
                      </th>
                      <th scope="col" className="num">
                        Change
                      </th>
                      <th scope="col">Sentiment</th>
                    </tr>
                  </thead>
                  <tbody>{data.rising.map((f) => row(f, 'rising'))}</tbody>
                </table>
              )}
            </div>
          </div>
        )}
      </section>
      {selected !== null && (
        <TopicDrillDown
          topicId={selected}
          label={selectedFigure?.label}
          period={period}
          scope={scope}
          onClose={() => setSelected(null)}
          onOpenConversation={onOpenConversation}
        />
      )}
    </div>
  );
}

function TopicDrillDown({
  topicId,
  label,
  period,
  scope,
  onClose,
  onOpenConversation,
}: Readonly<{
  topicId: number;
  label: string | undefined;
  period: VocPeriod;
  scope: { queueId?: string; channel?: ChannelKind };
  onClose: () => void;
  onOpenConversation: (conversationId: number) => void;
}>) {
  const query = useVocTopicMessagesQuery({ topicId, period, ...scope });
  const title = query.data?.topic.label ?? label ?? 'Topic';
  return (
    <section className="sv-panel voc-drill" aria-labelledby="voc-drill-title">
      <header className="sv-panel-head">
        <h2 id="voc-drill-title">“{title}”</h2>
        <button type="button" className="btn btn-small btn-ghost" onClick={onClose} aria-label="Close messages">
          Close
        </button>
      </header>
      {query.error ? (
        <p className="inline-error pad">{errorText(query.error)}</p>
      ) : !query.data ? (
        <p className="empty pad">Loading messages…</p>
      ) : query.data.messages.length === 0 ? (
        <p className="empty pad">No messages in this period.</p>
      ) : (
        <ul className="voc-msgs voc-drill-list" aria-label={`Messages about ${title}`}>
          {query.data.messages.map((m) => (
            <li key={m.messageId} className="voc-msg">
              <div className="voc-msg-meta small muted">
                <ChannelBadge channel={m.channel} /> <strong className="voc-who">{m.customerName}</strong> · {formatDateTime(m.at)} ·{' '}
                <SentimentTag sentiment={m.sentiment} />
              </div>
              <p className="voc-msg-text">
                <Highlighted text={m.text} phrases={m.phrases} />
              </p>
              <button type="button" className="btn btn-small" onClick={() => onOpenConversation(m.conversationId)}>
                Open conversation #{m.conversationId}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

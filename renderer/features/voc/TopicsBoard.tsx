import { useState, type FormEvent } from 'react';
import { ChannelKind, type TopicFigure, type VocPeriod } from '../../../services/contracts';
import { errorText } from '../../app/api';
import { useAppDispatch, useAppSelector, useHubReady } from '../../app/hooks';
import { ChannelBadge, channelLabel } from '../../common/ChannelBadge';
import { useT } from '../../i18n';
import { formatWhen } from '../customers/dates';
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

/** Catalogue keys (namespace 'voc') of each period and the one it is compared with. */
const periodWords: Readonly<Record<VocPeriod, { now: string; before: string; versus: string }>> = {
  today: { now: 'period.today', before: 'period.yesterday', versus: 'period.todayVsYesterday' },
  week: { now: 'period.week', before: 'period.weekBefore', versus: 'period.weekVsBefore' },
};

const PERIODS = ['today', 'week'] as const;
/** Marks, not words: the arrow is a second cue beside the words a screen reader says. */
const UP = '▲';
const DOWN = '▼';
const PIN = '★';
const NONE = '—';

function Change({ figure }: Readonly<{ figure: TopicFigure }>) {
  const { t } = useT('voc');
  if (figure.change === 0) return <span className="muted">{NONE}</span>;
  const up = figure.change > 0;
  return (
    <span className={up ? 'voc-up' : 'voc-down'}>
      <span aria-hidden="true">{up ? UP : DOWN}</span> <span className="visually-hidden">{up ? t('change.up') : t('change.down')}</span>{' '}
      {Math.abs(figure.change)}
    </span>
  );
}

function RenameForm({ figure, onDone }: Readonly<{ figure: TopicFigure; onDone: () => void }>) {
  const { t } = useT('voc');
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
        aria-label={t('board.newName', { label: figure.label })}
        value={label}
        maxLength={80}
        autoFocus
        onChange={(e) => setLabel(e.target.value)}
        onKeyDown={(e) => e.key === 'Escape' && onDone()}
      />
      <button type="submit" className="btn btn-small btn-primary" disabled={state.isLoading}>
        {t('board.save')}
      </button>
    </form>
  );
}

/** Supervisors' live topics: top and rising, per queue and channel, with spikes and the words behind each figure. */
export function TopicsBoard({ queues, onOpenConversation }: Props) {
  const { t } = useT('voc');
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
            aria-label={t('board.selectToMerge', { label: f.label })}
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
              <span className="voc-pin" title={t('board.pinned')}>
                {PIN}
              </span>
            )}
            {f.label}
            {f.hidden && <span className="muted small"> {t('board.hidden')}</span>}
          </button>
        )}
      </th>
      <td className="num">
        <button
          type="button"
          className="voc-link"
          onClick={() => setSelected(f.topicId)}
          aria-label={t('board.countAbout', { count: f.count, label: f.label })}
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
              {f.pinned ? t('board.unpin') : t('board.pin')}
            </button>
            <button
              type="button"
              className="btn btn-small btn-ghost"
              onClick={() => void update({ topicId: f.topicId, hidden: !f.hidden })}
            >
              {f.hidden ? t('board.show') : t('board.hide')}
            </button>
            <button type="button" className="btn btn-small btn-ghost" onClick={() => setRenaming(f.topicId)}>
              {t('board.rename')}
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
          <h2 id="voc-board-title">{t('board.title')}</h2>
          <div className="voc-filters">
            <div role="group" aria-label={t('board.period')} className="voc-seg">
              {PERIODS.map((p) => (
                <button
                  key={p}
                  type="button"
                  className={`chip chip-button${period === p ? ' chip-on' : ''}`}
                  aria-pressed={period === p}
                  onClick={() => setPeriod(p)}
                >
                  {t(periodWords[p].now)}
                </button>
              ))}
            </div>
            <label className="small">
              {t('board.queue')}{' '}
              <select value={queueId} onChange={(e) => setQueueId(e.target.value)}>
                <option value="">{t('board.allQueues')}</option>
                {queues.map((q) => (
                  <option key={q.queueId} value={q.queueId}>
                    {q.name}
                  </option>
                ))}
              </select>
            </label>
            <label className="small">
              {t('board.channel')}{' '}
              <select value={channel} onChange={(e) => setChannel(e.target.value as ChannelKind | '')}>
                <option value="">{t('board.allChannels')}</option>
                {ChannelKind.options.map((c) => (
                  <option key={c} value={c}>
                    {channelLabel(c)}
                  </option>
                ))}
              </select>
            </label>
            <label className="small voc-inline">
              <input type="checkbox" checked={includeHidden} onChange={(e) => setIncludeHidden(e.target.checked)} /> {t('board.showHidden')}
            </label>
          </div>
        </header>

        {spikes.length > 0 && (
          <div className="voc-spikes" role="alert">
            {spikes.map((s) => (
              <p key={s.topicId} className="banner banner-warn small voc-spike">
                <strong>{t('spike.title')}</strong> {t('spike.text', { label: s.label, count: s.lastHour, usual: s.baselinePerHour })}{' '}
                <button type="button" className="btn btn-small" onClick={() => setSelected(s.topicId)}>
                  {t('spike.see')}
                </button>{' '}
                <button type="button" className="btn btn-small btn-ghost" onClick={() => dispatch(spikeDismissed(s.topicId))}>
                  {t('spike.dismiss')}
                </button>
              </p>
            ))}
          </div>
        )}

        <div className="voc-status small muted">
          {progress?.reanalysis
            ? t('status.reanalysing', { done: progress.reanalysis.done, count: progress.reanalysis.total })
            : progress && progress.pending > 0
              ? t('status.pending', { count: progress.pending })
              : t('status.allDone')}
          {' · '}
          <button
            type="button"
            className="btn btn-small btn-ghost"
            disabled={reanalyseState.isLoading || progress?.reanalysis != null}
            onClick={() => void reanalyse({})}
          >
            {t('status.reanalyse')}
          </button>
        </div>

        {board.error ? (
          <p className="inline-error pad">{t('board.unavailable', { error: errorText(board.error) })}</p>
        ) : !data ? (
          <p className="empty pad">{t('board.loading')}</p>
        ) : (
          <div className="voc-cols">
            <div>
              <h3 className="voc-col-title">
                {t('board.top')} · {t(words.versus)}
              </h3>
              {marked.length >= 2 && (
                <p className="voc-mergebar small">
                  {t('board.mergeInto', { count: marked.length - 1, label: all.find((f) => f.topicId === marked[0])?.label ?? '' })}{' '}
                  <button
                    type="button"
                    className="btn btn-small btn-primary"
                    disabled={mergeState.isLoading}
                    onClick={async () => {
                      await merge({ targetId: marked[0]!, sourceIds: marked.slice(1) });
                      setMarked([]);
                    }}
                  >
                    {t('board.merge')}
                  </button>{' '}
                  <button type="button" className="btn btn-small btn-ghost" onClick={() => setMarked([])}>
                    {t('board.cancel')}
                  </button>
                </p>
              )}
              {data.top.length === 0 ? (
                <p className="empty pad">{t('board.noTopics')}</p>
              ) : (
                <table className="sv-table voc-table" aria-label={t('board.topLabel')}>
                  <thead>
                    <tr>
                      <th scope="col">
                        <span className="visually-hidden">{t('board.merge')}</span>
                      </th>
                      <th scope="col">{t('col.topic')}</th>
                      <th scope="col" className="num">
                        {t('col.messages')}
                      </th>
                      <th scope="col" className="num" title={t('col.beforeTitle', { before: t(words.before) })}>
                        {t('col.before')}
                      </th>
                      <th scope="col" className="num" title={t('col.changeTitle')}>
                        {t('col.change')}
                      </th>
                      <th scope="col">{t('col.sentiment')}</th>
                      <th scope="col">
                        <span className="visually-hidden">{t('col.actions')}</span>
                      </th>
                    </tr>
                  </thead>
                  <tbody>{data.top.map((f) => row(f, 'top'))}</tbody>
                </table>
              )}
            </div>
            <div>
              <h3 className="voc-col-title">
                {t('board.rising')} · {t(words.versus)}
              </h3>
              {data.rising.length === 0 ? (
                <p className="empty pad">{t('board.nothingRising')}</p>
              ) : (
                <table className="sv-table voc-table" aria-label={t('board.risingLabel')}>
                  <thead>
                    <tr>
                      <th scope="col">{t('col.topic')}</th>
                      <th scope="col" className="num">
                        {t('col.messages')}
                      </th>
                      <th scope="col" className="num">
                        {t('col.before')}
                      </th>
                      <th scope="col" className="num">
                        {t('col.change')}
                      </th>
                      <th scope="col">{t('col.sentiment')}</th>
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
  const { t } = useT('voc');
  const query = useVocTopicMessagesQuery({ topicId, period, ...scope });
  const title = query.data?.topic.label ?? label ?? t('col.topic');
  return (
    <section className="sv-panel voc-drill" aria-labelledby="voc-drill-title">
      <header className="sv-panel-head">
        <h2 id="voc-drill-title">“{title}”</h2>
        <button type="button" className="btn btn-small btn-ghost" onClick={onClose} aria-label={t('drill.closeLabel')}>
          {t('drill.close')}
        </button>
      </header>
      {query.error ? (
        <p className="inline-error pad">{errorText(query.error)}</p>
      ) : !query.data ? (
        <p className="empty pad">{t('drill.loading')}</p>
      ) : query.data.messages.length === 0 ? (
        <p className="empty pad">{t('drill.none')}</p>
      ) : (
        <ul className="voc-msgs voc-drill-list" aria-label={t('drill.label', { title })}>
          {query.data.messages.map((m) => (
            <li key={m.messageId} className="voc-msg">
              <div className="voc-msg-meta small muted">
                <ChannelBadge channel={m.channel} /> <strong className="voc-who">{m.customerName}</strong> · {formatWhen(m.at)} ·{' '}
                <SentimentTag sentiment={m.sentiment} />
              </div>
              <p className="voc-msg-text">
                <Highlighted text={m.text} phrases={m.phrases} />
              </p>
              <button type="button" className="btn btn-small" onClick={() => onOpenConversation(m.conversationId)}>
                {t('drill.open', { id: m.conversationId })}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

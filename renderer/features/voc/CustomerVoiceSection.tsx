import { useState } from 'react';
import type { VocMessage } from '../../../services/contracts';
import { errorText } from '../../app/api';
import { useHubReady } from '../../app/hooks';
import { ChannelBadge } from '../../common/ChannelBadge';
import { useT } from '../../i18n';
import { formatWhen } from '../customers/dates';
import { Highlighted, SentimentTag, sentimentTone, sentimentWord } from './Highlighted';
import { useVocCustomerQuery } from './vocApi';
import './voc.css';

function MessageLine({ message }: Readonly<{ message: VocMessage }>) {
  return (
    <li className="voc-msg">
      <div className="voc-msg-meta small muted">
        <ChannelBadge channel={message.channel} /> {formatWhen(message.at)} · <SentimentTag sentiment={message.sentiment} />
      </div>
      <p className="voc-msg-text">
        <Highlighted text={message.text} phrases={message.phrases} />
      </p>
    </li>
  );
}

/** The customer's messages as dots on a line, oldest left; each dot opens its message. */
function SentimentTrend({ messages, onPick }: Readonly<{ messages: readonly VocMessage[]; onPick: (m: VocMessage) => void }>) {
  const { t } = useT('voc');
  const scored = messages.filter((m) => m.sentiment !== null).slice(-40);
  if (scored.length < 2) return null;
  const w = 240;
  const h = 56;
  const x = (i: number) => 6 + (i * (w - 12)) / (scored.length - 1);
  const y = (s: number) => h / 2 - (s * (h - 12)) / 2;
  const recent = scored.slice(-5);
  const mean = recent.reduce((sum, m) => sum + (m.sentiment ?? 0), 0) / recent.length;
  return (
    <div className="voc-trend">
      <svg width={w} height={h} role="img" aria-label={t('trend.label', { count: scored.length, recent: sentimentWord(mean) })}>
        <line x1={0} x2={w} y1={h / 2} y2={h / 2} className="voc-trend-zero" />
        <polyline points={scored.map((m, i) => `${x(i)},${y(m.sentiment!)}`).join(' ')} className="voc-trend-line" />
        {scored.map((m, i) => (
          <circle
            key={m.messageId}
            cx={x(i)}
            cy={y(m.sentiment!)}
            r={4}
            className={`voc-trend-dot voc-dot-${sentimentTone(m.sentiment)}`}
            onClick={() => onPick(m)}
          >
            <title>{`${formatWhen(m.at)}: ${sentimentWord(m.sentiment)}`}</title>
          </circle>
        ))}
      </svg>
      <span className="small muted">
        {t('trend.lately')} <SentimentTag sentiment={mean} />
      </span>
    </div>
  );
}

/**
 * "What this customer has told us": their recurring topics (each opens the messages behind it), sentiment
 * over time, and the key phrases of the conversation on screen, marked in the customer's own words.
 */
export function CustomerVoiceSection({
  customerId,
  currentConversationId,
}: Readonly<{ customerId: number; currentConversationId?: number }>) {
  const { t } = useT('voc');
  const ready = useHubReady();
  const query = useVocCustomerQuery(
    { customerId, ...(currentConversationId !== undefined ? { conversationId: currentConversationId } : {}) },
    { skip: !ready },
  );
  const [openTopic, setOpenTopic] = useState<number | null>(null);
  const [picked, setPicked] = useState<VocMessage | null>(null);
  const [allTopics, setAllTopics] = useState(false);

  if (query.error) {
    const off =
      typeof query.error === 'object' && query.error !== null && 'code' in query.error && query.error.code === 'channel_unavailable';
    return <p className="small muted">{off ? t('customer.off') : t('customer.error', { error: errorText(query.error) })}</p>;
  }
  const data = query.data;
  if (!data) return <p className="small muted">{t('customer.loading')}</p>;
  if (data.messages.length === 0) return <p className="small muted">{t('customer.nothing')}</p>;
  const byId = new Map(data.messages.map((m) => [m.messageId, m]));
  // Compact above the history: the newest two lines of this conversation, the five commonest topics.
  const current = data.current.slice(-2);
  const topics = allTopics ? data.topics : data.topics.slice(0, 5);

  return (
    <div className="voc-voice">
      {current.length > 0 && (
        <div className="voc-block">
          <h4 className="voc-sub">{t('customer.inConversation')}</h4>
          <ul className="voc-msgs" aria-label={t('customer.keyPhrases')}>
            {current.map((m) => (
              <MessageLine key={m.messageId} message={m} />
            ))}
          </ul>
        </div>
      )}
      <div className="voc-block">
        <h4 className="voc-sub">{t('customer.topics')}</h4>
        {data.topics.length === 0 ? (
          <p className="small muted">{t('customer.noTopics')}</p>
        ) : (
          <ul className="voc-topics" aria-label={t('customer.topicsLabel')}>
            {topics.map((topic) => (
              <li key={topic.topicId}>
                <button
                  type="button"
                  className={`voc-topic-chip${openTopic === topic.topicId ? ' voc-topic-open' : ''}`}
                  aria-expanded={openTopic === topic.topicId}
                  aria-label={t('customer.topicChip', { label: topic.label, count: topic.count })}
                  onClick={() => setOpenTopic(openTopic === topic.topicId ? null : topic.topicId)}
                >
                  <span className={`voc-dot voc-dot-${sentimentTone(topic.sentiment)}`} aria-hidden="true" />
                  <span className="voc-topic-label">{topic.label}</span>
                  <span className="voc-count" aria-hidden="true">
                    ×{topic.count}
                  </span>
                </button>
                {openTopic === topic.topicId && (
                  <ul className="voc-msgs">
                    {topic.messageIds
                      .map((id) => byId.get(id))
                      .filter((m): m is VocMessage => m !== undefined)
                      .map((m) => (
                        <MessageLine key={m.messageId} message={m} />
                      ))}
                  </ul>
                )}
              </li>
            ))}
          </ul>
        )}
        {data.topics.length > 5 && (
          <button type="button" className="btn btn-small btn-ghost" onClick={() => setAllTopics(!allTopics)}>
            {allTopics ? t('customer.fewer') : t('customer.all', { count: data.topics.length })}
          </button>
        )}
      </div>
      <div className="voc-block">
        <h4 className="voc-sub">{t('customer.trend')}</h4>
        <SentimentTrend messages={data.messages} onPick={setPicked} />
        {data.messages.filter((m) => m.sentiment !== null).length < 2 && (
          <p className="small muted">
            {t('customer.tooFew', { last: sentimentWord(data.messages[data.messages.length - 1]?.sentiment ?? null) })}
          </p>
        )}
        {picked && (
          <ul className="voc-msgs">
            <MessageLine message={picked} />
          </ul>
        )}
      </div>
    </div>
  );
}

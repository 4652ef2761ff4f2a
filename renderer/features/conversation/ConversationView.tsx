import { useState } from 'react';
import { assertNever, type CommandOutput } from '../../../services/contracts';
import { errorText, useConversationGetQuery, useWrapUpMutation } from '../../app/api';
import { useAppSelector, useHubReady } from '../../app/hooks';
import { ChannelBadge } from '../../common/ChannelBadge';
import { TransferDialog } from '../wrapup/TransferDialog';
import { WrapUpForm } from '../wrapup/WrapUpForm';
import { CustomerPanel } from '../customers/CustomerPanel';
import { Composer } from './Composer';
import { repliesClosedReason } from './messageLines';
import { EmailPane } from './panes';
import { ChatPane } from '../webchat/ChatPane';
import { SmsPane } from '../telephony/SmsPane';
import { VoicePane } from '../telephony/VoicePane';
import { EmailComposer } from '../email/EmailComposer';
import { useT } from '../../i18n';

type Loaded = CommandOutput<'conversation/get'>;

function ChannelPane({ data }: Readonly<{ data: Loaded }>) {
  const channel = data.conversation.channel;
  switch (channel) {
    case 'chat':
      return <ChatPane data={data} />;
    case 'sms':
      return <SmsPane data={data} />;
    case 'email':
      return <EmailPane data={data} />;
    case 'voice':
      return <VoicePane data={data} agentId={data.conversation.assignedAgentId} />;
    default:
      return assertNever(channel);
  }
}

/** The selected conversation: header with actions, the channel's pane, composer or wrap-up, customer panel. */
export function ConversationView() {
  const { t } = useT('conversation');
  const selectedId = useAppSelector((s) => s.worklist.selectedId);
  if (selectedId === null) {
    return (
      <main className="workspace workspace-empty" aria-label={t('label')}>
        <div className="empty-state">
          <h2>{t('noneSelected')}</h2>
          <p className="muted">{t('noneSelectedHint')}</p>
        </div>
      </main>
    );
  }
  return <LoadedConversation key={selectedId} conversationId={selectedId} />;
}

function LoadedConversation({ conversationId }: Readonly<{ conversationId: number }>) {
  const { t } = useT('conversation');
  const ready = useHubReady();
  const { data, error, isLoading } = useConversationGetQuery(conversationId, { skip: !ready });
  const [wrapUp, wrapUpState] = useWrapUpMutation();
  const [transferring, setTransferring] = useState(false);

  if (!data) {
    return (
      <main className="workspace" aria-label={t('label')} aria-busy={isLoading}>
        <p className="muted pad">{error ? errorText(error) : t('loading')}</p>
      </main>
    );
  }
  const { conversation, customer } = data;
  const active = conversation.state === 'active';
  // The conversation may still be held (to wrap up) after the customer has gone: say so, and stop replies.
  const repliesClosed = repliesClosedReason(conversation, data.messages);
  const visitorLeft = active && repliesClosed !== null;
  return (
    <>
      <main className="workspace" aria-labelledby="conversation-title">
        <header className="conv-head">
          <div className="conv-title-block">
            <div className="conv-title-row">
              <ChannelBadge channel={conversation.channel} />
              <h1 id="conversation-title" className="conv-title">
                {customer.displayName}
              </h1>
              {visitorLeft ? (
                <span className="state-pill state-pill-ended" title={repliesClosed ?? undefined}>
                  {t('visitorLeft')}
                </span>
              ) : (
                <span className={`state-pill state-pill-${conversation.state}`}>{t(`state.${conversation.state}`)}</span>
              )}
            </div>
            <div className="conv-subtitle muted">
              {conversation.subject ? <span>{conversation.subject} · </span> : null}#{conversation.id} · {conversation.queueId}
            </div>
          </div>
          <div className="conv-actions">
            {wrapUpState.error && (
              <span className="inline-error" role="alert">
                {errorText(wrapUpState.error)}
              </span>
            )}
            <button
              type="button"
              className="btn"
              disabled={!ready || !active || visitorLeft}
              title={visitorLeft ? (repliesClosed ?? undefined) : undefined}
              onClick={() => setTransferring(true)}
            >
              {t('transfer')}
            </button>
            <button
              type="button"
              className="btn btn-primary"
              disabled={!ready || !active || wrapUpState.isLoading}
              onClick={() => void wrapUp({ conversationId: conversation.id })}
            >
              {t('wrapUp')}
            </button>
          </div>
        </header>
        <ChannelPane data={data} />
        {conversation.state === 'wrap_up' ? (
          <WrapUpForm conversationId={conversation.id} />
        ) : active && conversation.channel === 'email' ? (
          <EmailComposer data={data} />
        ) : active ? (
          <Composer conversationId={conversation.id} channel={conversation.channel} repliesClosed={repliesClosed} />
        ) : (
          <p className="muted pad">{t(`stateSentence.${conversation.state}`)}</p>
        )}
      </main>
      <CustomerPanel data={data} />
      {transferring && <TransferDialog conversationId={conversation.id} onClose={() => setTransferring(false)} />}
    </>
  );
}

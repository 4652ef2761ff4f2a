import { useEffect, useRef } from 'react';
import type { CommandOutput } from '../../../services/contracts';
import { useAppSelector, useHubReady } from '../../app/hooks';
import { useNow } from '../../common/time';
import { MessageList } from '../conversation/MessageList';
import { useChatReadMutation } from '../channels/channelApi';
import { VISITOR_TYPING_TTL_MS, visitorTypingSince } from './chatTypingSlice';
import { useT } from '../../i18n';

type Loaded = CommandOutput<'conversation/get'>;

/** Live chat: messages (files as links/thumbnails), read receipts both ways, the visitor's typing. */
export function ChatPane({ data }: Readonly<{ data: Loaded }>) {
  const { t } = useT('webchat');
  const { conversation, messages, customer } = data;
  const ready = useHubReady();
  const since = useAppSelector((s) => visitorTypingSince(s, conversation.id));
  const now = useNow(1000);
  const typing = since !== null && now - since < VISITOR_TYPING_TTL_MS;
  const [markRead] = useChatReadMutation();
  const lastRead = useRef(0);
  const newestIn = messages.findLast((m) => m.direction === 'in')?.id ?? 0;

  // The agent has this chat open, so they have seen the visitor's lines: tell the visitor once per new line.
  useEffect(() => {
    if (!ready || conversation.state !== 'active' || newestIn <= lastRead.current) return;
    lastRead.current = newestIn;
    void markRead({ conversationId: conversation.id, upToMessageId: newestIn });
  }, [ready, conversation.state, conversation.id, newestIn, markRead]);

  return (
    <div className="pane pane-chat">
      <MessageList messages={messages} customerName={customer.displayName} showDelivery />
      <div className="typing-indicator" role="status" aria-live="polite">
        {typing ? t('typing', { name: customer.displayName }) : ''}
      </div>
    </div>
  );
}

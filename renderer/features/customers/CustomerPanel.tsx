import type { CommandOutput } from '../../../services/contracts';
import { Customer360 } from './Customer360';
import { isWhisper } from '../conversation/messageLines';
import { VisitorClaims } from './VisitorClaims';

type Loaded = CommandOutput<'conversation/get'>;

/**
 * Beside the open conversation: the customer 360 of its customer (features/customers). A whisper is
 * coaching for the agent, not a note about the customer: it stays out of the customer's notes.
 */
export function CustomerPanel({ data }: Readonly<{ data: Loaded }>) {
  const { customer, conversation, messages } = data;
  return (
    <aside className="customer-panel" aria-labelledby="customer-title">
      <Customer360
        key={conversation.customerId}
        customerId={conversation.customerId}
        fallbackName={customer.displayName}
        fallbackIdentities={customer.identities}
        currentConversationId={conversation.id}
        conversationNotes={messages.filter((m) => m.direction === 'note' && !isWhisper(m))}
        aside={conversation.channel === 'chat' ? <VisitorClaims customerId={conversation.customerId} messages={messages} /> : null}
      />
    </aside>
  );
}

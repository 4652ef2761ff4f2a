import type { CommandOutput, SmsOptOut } from '../../../services/contracts';
import { useHubReady } from '../../app/hooks';
import { formatDateTime } from '../../common/time';
import { useSmsOptOutStatusQuery } from '../channels/channelApi';
import { MessageList } from '../conversation/MessageList';
import { hasOptedOut } from './optOut';

type Loaded = CommandOutput<'conversation/get'>;

/**
 * Whether to warn before texting: the hub's opt-out record (sms/optOutStatus, kept fresh by the sms/optOut
 * push) wins; until it has answered, the thread's own STOP/START keywords decide.
 */
export function useSmsOptOut(data: Loaded): Readonly<{ optedOut: boolean; record: SmsOptOut | null }> {
  const ready = useHubReady();
  const { data: record } = useSmsOptOutStatusQuery(data.conversation.id, { skip: !ready });
  if (record) return { optedOut: record.optedOut, record };
  return { optedOut: hasOptedOut(data.messages) || data.messages.some((m) => m.meta['optOut'] === true), record: null };
}

export function optOutSentence(record: SmsOptOut | null): string {
  const how =
    record?.keyword === 'carrier' ? 'The carrier reports this number as opted out' : `This customer replied ${record?.keyword ?? 'STOP'}`;
  const when = record?.changedAt ? ` (${formatDateTime(record.changedAt)})` : '';
  return `${how}${when}: they have opted out of SMS. The hub will refuse texts to ${record?.phone ?? 'this number'} until they reply START.`;
}

export function SmsPane({ data }: Readonly<{ data: Loaded }>) {
  const { optedOut, record } = useSmsOptOut(data);
  return (
    <div className="pane pane-sms">
      {optedOut && (
        <div className="banner banner-warn" role="alert">
          {optOutSentence(record)}
        </div>
      )}
      <MessageList messages={data.messages} customerName={data.customer.displayName} showDelivery />
    </div>
  );
}

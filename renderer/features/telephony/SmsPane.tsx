import type { CommandOutput, SmsOptOut } from '../../../services/contracts';
import { useHubReady } from '../../app/hooks';
import { i18n, useT } from '../../i18n';
import { formatWhen } from '../customers/dates';
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
  const t = (key: string, values: Record<string, unknown> = {}): string => i18n.t(key, { ns: 'telephony', ...values });
  const how = record?.keyword === 'carrier' ? t('optOut.carrier') : t('optOut.replied', { keyword: record?.keyword ?? 'STOP' });
  const when = record?.changedAt ? t('optOut.when', { at: formatWhen(record.changedAt) }) : '';
  return t('optOut.sentence', { how, when, phone: record?.phone ?? t('optOut.thisNumber') });
}

export function SmsPane({ data }: Readonly<{ data: Loaded }>) {
  useT('telephony'); // re-renders the opt-out sentence when the language changes
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

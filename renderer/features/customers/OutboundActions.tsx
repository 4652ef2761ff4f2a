import { hubWords } from '../../common/hubWords';
import { useId } from 'react';
import type { ChannelKind, IdentityKind } from '../../../services/contracts';
import { errorText, useConversationMineQuery } from '../../app/api';
import { useAppDispatch, useHubReady } from '../../app/hooks';
import { useT } from '../../i18n';
import { conversationSelected } from '../worklist/worklistSlice';
import { useTelephonyStatusQuery, useVoiceDialMutation } from '../channels/channelApi';
import { useStartOutboundMutation } from './outboundApi';

type Identity = Readonly<{ kind: IdentityKind; value: string }>;

/**
 * Call / text / email from a profile. Calls use click-to-call (voice/dial) when telephony is configured.
 * Text and Email open the SMS/email conversation the agent already holds with this customer, else start
 * one (conversation/startOutbound) and select it in the work list, where its composer is the channel's.
 */
export function OutboundActions({
  customerId,
  identities,
  currentConversationId,
  onOpened,
}: Readonly<{ customerId: number; identities: readonly Identity[]; currentConversationId?: number; onOpened?: () => void }>) {
  const { t } = useT('customers');
  const ready = useHubReady();
  const dispatch = useAppDispatch();
  const reasonId = useId();
  const telephony = useTelephonyStatusQuery(undefined, { skip: !ready });
  const mine = useConversationMineQuery(undefined, { skip: !ready });
  const [dial, dialState] = useVoiceDialMutation();
  const [start, startState] = useStartOutboundMutation();
  const phones = identities.filter((i) => i.kind === 'phone');
  const emails = identities.filter((i) => i.kind === 'email');
  const held = (channel: ChannelKind) =>
    mine.data?.conversations.find(
      (c) => c.customerId === customerId && c.channel === channel && c.state === 'active' && c.id !== currentConversationId,
    ) ?? null;
  const voiceReason = telephony.error
    ? t('outbound.callUnavailable', { reason: errorText(telephony.error) })
    : telephony.data && !telephony.data.voice.ok
      ? t('outbound.callUnavailable', { reason: hubWords(telephony.data.voice.detail) })
      : phones.length === 0
        ? t('outbound.callNoPhone')
        : null;
  const open = (id: number): void => {
    dispatch(conversationSelected(id));
    onOpened?.();
  };
  const heldSms = held('sms');
  const heldEmail = held('email');
  const startOrOpen = async (channel: 'sms' | 'email'): Promise<void> => {
    const existing = channel === 'sms' ? heldSms : heldEmail;
    if (existing) {
      open(existing.id);
      return;
    }
    // Not disabled while asking: a disabled button drops focus, and Escape would no longer reach the dialog.
    if (startState.isLoading) return;
    const result = await start({ customerId, channel });
    if ('data' in result && result.data) open(result.data.id);
  };
  const reasons = [
    voiceReason,
    phones.length === 0 ? t('outbound.textNoPhone') : null,
    emails.length === 0 ? t('outbound.emailNone') : null,
  ].filter((r): r is string => r !== null);

  return (
    <div className="outbound">
      <div className="outbound-buttons" role="group" aria-label={t('outbound.group')}>
        <button
          type="button"
          className="btn btn-small"
          disabled={!ready || voiceReason !== null || dialState.isLoading || !telephony.data}
          aria-describedby={reasonId}
          onClick={() => phones[0] && void dial({ to: phones[0].value })}
        >
          {phones[0] ? t('outbound.callNumber', { number: phones[0].value }) : t('outbound.call')}
        </button>
        <button
          type="button"
          className="btn btn-small"
          disabled={!ready || (!heldSms && phones.length === 0)}
          aria-describedby={reasonId}
          onClick={() => void startOrOpen('sms')}
        >
          {heldSms ? t('outbound.openSms', { id: heldSms.id }) : t('outbound.text')}
        </button>
        <button
          type="button"
          className="btn btn-small"
          disabled={!ready || (!heldEmail && emails.length === 0)}
          aria-describedby={reasonId}
          onClick={() => void startOrOpen('email')}
        >
          {heldEmail ? t('outbound.openEmail', { id: heldEmail.id }) : t('outbound.email')}
        </button>
      </div>
      <div id={reasonId} className="outbound-reasons muted small">
        {reasons.map((r) => (
          <p key={r}>{r}</p>
        ))}
      </div>
      {dialState.isSuccess && (
        <p className="small" role="status">
          {t('outbound.ringingFirst', { number: phones[0]?.value ?? '' })}
        </p>
      )}
      {startState.error && (
        <p className="inline-error small" role="alert">
          {errorText(startState.error)}
        </p>
      )}
      {dialState.error && (
        <p className="inline-error small" role="alert">
          {errorText(dialState.error)}
        </p>
      )}
    </div>
  );
}

import { useId } from 'react';
import type { ChannelKind, IdentityKind } from '../../../services/contracts';
import { errorText, useConversationMineQuery } from '../../app/api';
import { useAppDispatch, useHubReady } from '../../app/hooks';
import { conversationSelected } from '../worklist/worklistSlice';
import { useTelephonyStatusQuery, useVoiceDialMutation } from '../channels/channelApi';

type Identity = Readonly<{ kind: IdentityKind; value: string }>;

/** Why an outbound conversation cannot be started from a profile on this hub (the contracts lack it). */
export const outboundUnavailable: Record<'sms' | 'email', string> = {
  sms: 'Text: the hub cannot start a new SMS conversation; it only replies in one you hold (sms/send).',
  email: 'Email: the hub cannot start a new email; it only replies to or forwards one you hold (email/send).',
};

/**
 * Call / text / email from a profile. Calls use click-to-call (voice/dial) when telephony is configured;
 * SMS and email can only continue a conversation the agent already holds, which this offers to open.
 */
export function OutboundActions({
  customerId,
  identities,
  currentConversationId,
  onOpened,
}: Readonly<{ customerId: number; identities: readonly Identity[]; currentConversationId?: number; onOpened?: () => void }>) {
  const ready = useHubReady();
  const dispatch = useAppDispatch();
  const reasonId = useId();
  const telephony = useTelephonyStatusQuery(undefined, { skip: !ready });
  const mine = useConversationMineQuery(undefined, { skip: !ready });
  const [dial, dialState] = useVoiceDialMutation();
  const phones = identities.filter((i) => i.kind === 'phone');
  const emails = identities.filter((i) => i.kind === 'email');
  const held = (channel: ChannelKind) =>
    mine.data?.conversations.find((c) => c.customerId === customerId && c.channel === channel && c.state === 'active' && c.id !== currentConversationId) ?? null;
  const voiceReason = telephony.error
    ? `Call: unavailable — ${errorText(telephony.error)}`
    : telephony.data && !telephony.data.voice.ok
      ? `Call: unavailable — ${telephony.data.voice.detail}`
      : phones.length === 0
        ? 'Call: no phone number on this profile.'
        : null;
  const open = (id: number): void => {
    dispatch(conversationSelected(id));
    onOpened?.();
  };
  const heldSms = held('sms');
  const heldEmail = held('email');
  const reasons = [
    voiceReason,
    heldSms ? null : phones.length > 0 ? outboundUnavailable.sms : null,
    heldEmail ? null : emails.length > 0 ? outboundUnavailable.email : null,
  ].filter((r): r is string => r !== null);

  return (
    <div className="outbound">
      <div className="outbound-buttons" role="group" aria-label="Contact this customer">
        <button
          type="button"
          className="btn btn-small"
          disabled={!ready || voiceReason !== null || dialState.isLoading || !telephony.data}
          aria-describedby={reasonId}
          onClick={() => phones[0] && void dial({ to: phones[0].value })}
        >
          Call{phones[0] ? ` ${phones[0].value}` : ''}
        </button>
        <button
          type="button"
          className="btn btn-small"
          disabled={!ready || !heldSms}
          aria-describedby={reasonId}
          onClick={() => heldSms && open(heldSms.id)}
        >
          {heldSms ? `Open SMS #${heldSms.id}` : 'Text'}
        </button>
        <button
          type="button"
          className="btn btn-small"
          disabled={!ready || !heldEmail}
          aria-describedby={reasonId}
          onClick={() => heldEmail && open(heldEmail.id)}
        >
          {heldEmail ? `Open email #${heldEmail.id}` : 'Email'}
        </button>
      </div>
      <div id={reasonId} className="outbound-reasons muted small">
        {reasons.map((r) => (
          <p key={r}>{r}</p>
        ))}
      </div>
      {dialState.isSuccess && (
        <p className="small" role="status">
          Calling {phones[0]?.value}: answer on your softphone.
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

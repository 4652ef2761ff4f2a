import { channelKinds, type ChannelKind } from '../../../../services/contracts';

/** Limits of the contract's Capacity schema, shown beside each field so nobody has to guess. */
export const capacityMax: Readonly<Record<ChannelKind, number>> = { voice: 1, chat: 20, email: 50, sms: 20 };
const labels: Readonly<Record<ChannelKind, string>> = { voice: 'Calls', chat: 'Chats', email: 'Emails', sms: 'SMS' };

export type CapacityDraft = Readonly<Record<ChannelKind, string>>;

/** Simultaneous conversations per channel. Typed as text so a half-typed value is kept; checked on save. */
export function CapacityFields({
  value,
  onChange,
  error,
}: Readonly<{ value: CapacityDraft; onChange: (v: CapacityDraft) => void; error?: string | null }>) {
  return (
    <fieldset className="adm-fieldset">
      <legend>Capacity: conversations at the same time</legend>
      <div className="adm-capacity">
        {channelKinds.map((kind) => (
          <label key={kind} className="adm-capacity-item">
            <span>{labels[kind]}</span>
            <input
              type="number"
              inputMode="numeric"
              min={0}
              max={capacityMax[kind]}
              value={value[kind]}
              aria-label={`${labels[kind]} at the same time`}
              onChange={(e) => onChange({ ...value, [kind]: e.target.value })}
            />
            <span className="adm-hint">0–{capacityMax[kind]}</span>
          </label>
        ))}
      </div>
      <p className="adm-hint">A call takes the agent away from chats and SMS while it lasts; 0 means never offered that channel.</p>
      {error && (
        <span className="adm-error" role="alert">
          {error}
        </span>
      )}
    </fieldset>
  );
}

import { channelKinds, type ChannelKind } from '../../../../services/contracts';
import { useT } from '../../../i18n';

/** Limits of the contract's Capacity schema, shown beside each field so nobody has to guess. */
export const capacityMax: Readonly<Record<ChannelKind, number>> = { voice: 1, chat: 20, email: 50, sms: 20 };

export type CapacityDraft = Readonly<Record<ChannelKind, string>>;

/** Simultaneous conversations per channel. Typed as text so a half-typed value is kept; checked on save. */
export function CapacityFields({
  value,
  onChange,
  error,
}: Readonly<{ value: CapacityDraft; onChange: (v: CapacityDraft) => void; error?: string | null }>) {
  const { t } = useT('admin/agents');
  return (
    <fieldset className="adm-fieldset">
      <legend>{t('capacity.legend')}</legend>
      <div className="adm-capacity">
        {channelKinds.map((kind) => (
          <label key={kind} className="adm-capacity-item">
            <span>{t(`capacity.kind.${kind}`)}</span>
            <input
              type="number"
              inputMode="numeric"
              min={0}
              max={capacityMax[kind]}
              value={value[kind]}
              aria-label={t('capacity.atOnce', { kind: t(`capacity.kind.${kind}`) })}
              onChange={(e) => onChange({ ...value, [kind]: e.target.value })}
            />
            <span className="adm-hint">{t('capacity.range', { max: capacityMax[kind] })}</span>
          </label>
        ))}
      </div>
      <p className="adm-hint">{t('capacity.hint')}</p>
      {error && (
        <span className="adm-error" role="alert">
          {error}
        </span>
      )}
    </fieldset>
  );
}

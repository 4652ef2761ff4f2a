import type { ChannelKind } from '../../../services/contracts';
import { useHubReady } from '../../app/hooks';
import { formatLocale } from '../../common/time';
import { useT } from '../../i18n';
import { useChannelsAvailableQuery } from './availabilityApi';

/**
 * For supervisors and admins: which of the channels the queues list are off on this hub, and why, in words
 * ("Email off: Email isn't set up on this hub yet. An administrator can set it up under Admin → Channels.").
 * The reason is the hub's own sentence, shown as it sends it. Renders nothing when every listed channel runs.
 */
export function ChannelsOff({ listed }: Readonly<{ listed: readonly ChannelKind[] }>) {
  const { t } = useT('channels');
  const ready = useHubReady();
  const available = useChannelsAvailableQuery(undefined, { skip: !ready }).data?.channels;
  const off = (available ?? []).filter((c) => !c.on && listed.includes(c.kind));
  if (off.length === 0) return null;
  // Channels off for the same reason (calls and SMS share Twilio) are said once.
  const byReason = new Map<string, ChannelKind[]>();
  for (const c of off) byReason.set(c.why ?? '', [...(byReason.get(c.why ?? '') ?? []), c.kind]);
  const list = new Intl.ListFormat(formatLocale(), { type: 'conjunction' });
  const names = (kinds: readonly ChannelKind[]): string =>
    list.format(kinds.map((k, i) => (i === 0 ? t(`names.${k}`) : t(`names.${k}`).toLowerCase())));
  return (
    <ul className="q-off" aria-label={t('offLabel')}>
      {[...byReason].map(([why, kinds]) => (
        <li key={kinds.join()}>
          <strong>{t('off', { channels: names(kinds) })}</strong> {why}
        </li>
      ))}
    </ul>
  );
}

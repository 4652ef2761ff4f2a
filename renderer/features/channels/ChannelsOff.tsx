import { channelNames, type ChannelKind } from '../../../services/contracts';
import { useHubReady } from '../../app/hooks';
import { useChannelsAvailableQuery } from './availabilityApi';

/**
 * For supervisors and admins: which of the channels the queues list are off on this hub, and why, in words
 * ("Email off: Email isn't set up on this hub yet. An administrator can set it up under Admin → Channels.").
 * Renders nothing when every listed channel runs.
 */
export function ChannelsOff({ listed }: Readonly<{ listed: readonly ChannelKind[] }>) {
  const ready = useHubReady();
  const available = useChannelsAvailableQuery(undefined, { skip: !ready }).data?.channels;
  const off = (available ?? []).filter((c) => !c.on && listed.includes(c.kind));
  if (off.length === 0) return null;
  // Channels off for the same reason (calls and SMS share Twilio) are said once.
  const byReason = new Map<string, ChannelKind[]>();
  for (const c of off) byReason.set(c.why ?? '', [...(byReason.get(c.why ?? '') ?? []), c.kind]);
  return (
    <ul className="q-off" aria-label="Channels off on this hub">
      {[...byReason].map(([why, kinds]) => (
        <li key={kinds.join()}>
          <strong>{kinds.map((k, i) => (i === 0 ? channelNames[k] : channelNames[k].toLowerCase())).join(' and ')} off:</strong> {why}
        </li>
      ))}
    </ul>
  );
}

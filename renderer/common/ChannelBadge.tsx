import { assertNever, type ChannelKind } from '../../services/contracts';
import { i18n } from '../i18n';

/** The channel's short name in the language in use ("Call" / "Llamada"). */
export function channelLabel(channel: ChannelKind): string {
  switch (channel) {
    case 'voice':
    case 'sms':
    case 'email':
    case 'chat':
      return i18n.t(`channel.${channel}`, { ns: 'common' });
    default:
      return assertNever(channel);
  }
}

/** Channel as a small labelled tag: text first, colour only as a second cue. */
export function ChannelBadge({ channel }: Readonly<{ channel: ChannelKind }>) {
  return <span className={`channel-badge channel-${channel}`}>{channelLabel(channel)}</span>;
}

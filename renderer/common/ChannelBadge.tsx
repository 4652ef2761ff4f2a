import { assertNever, type ChannelKind } from '../../services/contracts';

export function channelLabel(channel: ChannelKind): string {
  switch (channel) {
    case 'voice':
      return 'Call';
    case 'sms':
      return 'SMS';
    case 'email':
      return 'Email';
    case 'chat':
      return 'Chat';
    default:
      return assertNever(channel);
  }
}

/** Channel as a small labelled tag: text first, colour only as a second cue. */
export function ChannelBadge({ channel }: Readonly<{ channel: ChannelKind }>) {
  return <span className={`channel-badge channel-${channel}`}>{channelLabel(channel)}</span>;
}

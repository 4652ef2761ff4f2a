import { ComingPanel } from '../common/ComingPanel';

/** Placeholder until the Channels screen lands (built in parallel; this file is replaced). */
export function ChannelsAdmin() {
  return <ComingPanel title="Channels" text="Email, phone and SMS, and web chat settings are coming to this screen." />;
}

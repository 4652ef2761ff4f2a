import { ComingPanel } from '../common/ComingPanel';

/** Placeholder until the Queues screen lands (built in parallel; this file is replaced). */
export function QueuesAdmin() {
  return <ComingPanel title="Queues" text="Queue settings (channels, service level, hours) are coming to this screen." />;
}

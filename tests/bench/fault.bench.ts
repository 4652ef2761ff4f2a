/**
 * npm run bench:fault — the kill -9 fault run of tests/integration/fault-kill.test.ts at a larger size:
 * signed inbound SMS webhooks and web chat messages stream into a hub child process, FAULT_IN_FLIGHT of each
 * kind at a time; at FAULT_KILL_AT of both streams the hub gets SIGKILL, starts again on the same data, and
 * Twilio's re-posts and the widget's resends follow. Prints (and records) how much was on the wire at the
 * kill, what the retries found already stored, the restart time, and lost/duplicated counts (which must be 0:
 * the run exits 1 otherwise).
 * Knobs: FAULT_SMS (default 3000), FAULT_CHAT (default 1000), FAULT_IN_FLIGHT (default 32), FAULT_KILL_AT (0.5).
 */
import { runFault } from './faultRun';
import { record } from './report';

const sms = Number(process.env.FAULT_SMS ?? 3000);
const chat = Number(process.env.FAULT_CHAT ?? 1000);
const inFlight = Number(process.env.FAULT_IN_FLIGHT ?? 32);
const killAt = Number(process.env.FAULT_KILL_AT ?? 0.5);

const r = await runFault({ sms, chat, inFlight, killAt });
const failures =
  r.retryRefusals +
  r.ackedButLost.length +
  r.lost.length +
  r.duplicated.length +
  r.ackMismatches.length +
  r.agentDuplicates +
  r.agentMissing +
  r.visitorDuplicates;
record(`Fault: kill -9 mid-stream (${sms} SMS webhooks + ${chat} chat messages, ${inFlight} of each in flight)`, 'npm run bench:fault', [
  `acked before the kill: ${r.ackedBeforeKill.sms} SMS, ${r.ackedBeforeKill.chat} chat; on the wire at the kill: ${r.inFlightAtKill.sms} SMS, ${r.inFlightAtKill.chat} chat`,
  `retried after the restart: ${sms - r.ackedBeforeKill.sms} unacked SMS (${r.retriedAlreadyStored.sms} of them already committed, ack lost with the process) plus the last ${Math.min(inFlight, r.ackedBeforeKill.sms)} acked ones (a 200 Twilio may have missed); ${chat - r.ackedBeforeKill.chat} unacked chat lines (${r.retriedAlreadyStored.chat} already committed) plus every acked one, each acked as the original; Twilio retry rounds: ${r.retryRounds}; re-posts answered other than 200: ${r.retryRefusals}`,
  `restart on the same data: ${(r.restartMs / 1000).toFixed(2)} s (process start to ready); whole run ${(r.runMs / 1000).toFixed(1)} s`,
  `fault result: acked-but-lost ${r.ackedButLost.length}, lost ${r.lost.length}, duplicated ${r.duplicated.length}, ack mismatches ${r.ackMismatches.length}, agent-view duplicates ${r.agentDuplicates} (missing ${r.agentMissing}), visitor-view duplicates ${r.visitorDuplicates}`,
]);
if (failures > 0) {
  process.stderr.write(`bench:fault found ${failures} problem(s): ${JSON.stringify({ ...r, dataDir: undefined }).slice(0, 2000)}\n`);
  process.exit(1);
}

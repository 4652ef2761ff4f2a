import { fork, type ChildProcess } from 'node:child_process';
import { performance } from 'node:perf_hooks';

/** Agents per client process: one process holds more, but its event loop then delays the arrival stamps. */
const PER_PROCESS = Number(process.env.AGENTS_PER_PROCESS ?? 250);

export type OfferArrival = Readonly<{ at: number; conversationId: number }>;

export type AgentFleet = Readonly<{
  processes: number;
  /** Called for every offer/new any agent receives; `at` is on the wall clock of fleetNow(). */
  onOffer(listener: (arrival: OfferArrival) => void): void;
  stop(): Promise<void>;
}>;

/** The clock the fleet stamps arrivals with: comparable across processes on one machine. */
export const fleetNow = (): number => performance.timeOrigin + performance.now();

type FromWorker =
  { type: 'ready'; rssMb: number } | { type: 'offer'; at: number; conversationId: number } | { type: 'failed'; error: string };

/**
 * Real socket.io agent clients spread over child processes (tests/bench/agentFleetWorker.ts), so 2,000 of
 * them neither share the hub's event loop nor each other's. Resolves once every agent is connected and
 * available. accept: whether agents accept and close their offers (else offers ring until they time out).
 */
export async function startAgentFleet(url: string, tokens: readonly string[], accept = true): Promise<AgentFleet> {
  const listeners: Array<(arrival: OfferArrival) => void> = [];
  const children: ChildProcess[] = [];
  const ready: Array<Promise<void>> = [];
  for (let i = 0; i < tokens.length; i += PER_PROCESS) {
    const child = fork('tests/bench/agentFleetWorker.ts', [], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
    children.push(child);
    ready.push(
      new Promise<void>((resolve, reject) => {
        child.on('message', (message: FromWorker) => {
          if (message.type === 'ready') resolve();
          else if (message.type === 'failed') reject(new Error(`agent fleet process failed: ${message.error}`));
          else for (const l of listeners) l(message);
        });
        child.once('exit', (code) => reject(new Error(`agent fleet process exited with ${code}`)));
      }),
    );
    child.send({ type: 'start', url, tokens: tokens.slice(i, i + PER_PROCESS), accept });
  }
  await Promise.all(ready);
  return {
    processes: children.length,
    onOffer: (listener) => void listeners.push(listener),
    async stop() {
      await Promise.all(
        children.map(
          (child) =>
            new Promise<void>((resolve) => {
              if (child.exitCode !== null) return resolve();
              child.once('exit', () => resolve());
              child.send({ type: 'stop' });
            }),
        ),
      );
    },
  };
}

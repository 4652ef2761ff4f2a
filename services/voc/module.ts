import type { vocCommands } from '../contracts';
import type { HubModule } from '../hub/module';
import { AGENTS, SUPERVISORS } from '../hub/push';
import { provide } from '../hub/services';
import { vocHandlers } from './handlers';
import { VocJob } from './job';
import { migration0013 } from './migrations/0013-voc-analysis';
import { migration0014 } from './migrations/0014-voc-topics';
import { VOC } from './service';
import { VocConfig, vocConfig } from './settings';
import type { SingletonHandle } from '../cluster/singletons';
import { inProcessAnalyser, WorkerAnalyser } from './worker/analyser';

/** Pushes of "new analyses stored" are coalesced to one per this long: boards refetch on them. */
const CHANGED_PUSH_MS = 2000;

/**
 * Voice of the customer: every inbound customer message is analysed after it is committed (key phrases,
 * entities, sentiment, language, topics) by a background job; the topics board for supervisors and "what
 * this customer has told us" in the 360 read what it stored.
 */
export function vocModule(): HubModule<keyof typeof vocCommands> {
  return {
    name: 'voc',
    handlers: vocHandlers,
    migrations: [migration0013, migration0014],
    configSection: { key: 'voc', schema: VocConfig },
    setup(ctx) {
      let settings;
      try {
        settings = vocConfig(ctx.config);
      } catch (err) {
        return { enabled: false, reason: err instanceof Error ? err.message : String(err) };
      }
      if (!settings.enabled) return { enabled: false, reason: 'Customer text analysis is turned off on this hub.' };

      let pending: { analysedTo: number; customers: Set<number> } | null = null;
      let timer: NodeJS.Timeout | null = null;
      const flush = (): void => {
        timer = null;
        if (!pending) return;
        const { analysedTo, customers } = pending;
        pending = null;
        // Supervisors refresh the board; an agent whose open 360 is one of these customers refreshes it.
        ctx.push.to([SUPERVISORS, AGENTS]).emit('voc/changed', {
          analysedTo,
          customerIds: [...customers].slice(0, 500),
          at: ctx.now(),
        });
      };
      // One analysis thread per hub, started with the first chunk to read and ended on stop.
      const analyser = !settings.analysisThread
        ? inProcessAnalyser
        : new WorkerAnalyser({
            fellBack(err) {
              ctx.log.warn({ err }, 'voc: the analysis thread could not start; customer text is analysed on the main thread');
            },
            crashed(err) {
              ctx.log.error({ err }, 'voc: the analysis thread died; a new one reads the same messages again');
            },
          });
      const job = new VocJob(
        ctx.store,
        ctx.now,
        {
          changed(analysedTo, customerIds) {
            pending ??= { analysedTo, customers: new Set() };
            pending.analysedTo = analysedTo;
            for (const id of customerIds) pending.customers.add(id);
            timer ??= setTimeout(flush, CHANGED_PUSH_MS);
          },
          spike(spike) {
            ctx.log.warn({ spike }, 'voc: topic spike');
            ctx.push.to(SUPERVISORS).emit('voc/spike', spike);
          },
          progress(progress) {
            ctx.push.to(SUPERVISORS).emit('voc/progress', progress);
          },
          error(err) {
            ctx.log.error({ err }, 'voc: analysis batch failed; it is retried from the same position');
          },
        },
        settings.job,
        analyser,
      );
      let handle: SingletonHandle | null = null;
      const unsubscribe = ctx.center.onMessage((_conversation, message) => {
        if (message.direction === 'in') job.nudge();
      });
      return {
        enabled: true,
        services: [provide(VOC, job)],
        async start() {
          // One analysis job cluster-wide (team mode: behind its own lock).
          handle = ctx.singletons.run('voc-analysis', { start: () => job.start(), stop: () => job.stop() });
          await handle.ready;
        },
        async stop() {
          unsubscribe();
          if (timer) clearTimeout(timer);
          // The job stops before its analysis thread ends: no chunk is left without an answer.
          await handle?.stop();
          handle = null;
          await analyser.close();
        },
      };
    },
  };
}

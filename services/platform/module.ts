import type { platformCommands } from '../contracts';
import type { AuditTrail } from '../hub/audit';
import type { HubModule } from '../hub/module';
import { provide } from '../hub/services';
import { DownloadLinks } from './api/downloads';
import { jsonHandlers } from './api/handlers';
import { registerPublicApi } from './api/register';
import { platformHandlers } from './handlers';
import { ApiKeys } from './keys';
import { migration0015 } from './migrations/0015-platform';
import { migration0016 } from './migrations/0016-customer-sync-index';
import { Eraser } from './rights/erase';
import { Retention } from './rights/retention';
import { PLATFORM } from './service';
import { PlatformConfig, platformConfig } from './settings';
import { Webhooks } from './webhooks/service';
import type { SingletonHandle } from '../cluster/singletons';

/**
 * The open platform: the public REST API at /api/v1 (API keys with scopes, rate limits and expiry),
 * signed outgoing webhooks fed from the event log, streamed exports, and customer data rights
 * (export, erase, retention per channel). Always on: nothing is reachable without a key an admin made.
 */
export function platformModule(options: Readonly<{ audit?: AuditTrail }> = {}): HubModule<keyof typeof platformCommands> {
  return {
    name: 'platform',
    handlers: platformHandlers,
    migrations: [migration0015, migration0016],
    configSection: { key: 'platform', schema: PlatformConfig },
    setup(ctx) {
      const audit = options.audit ?? ctx.audit;
      let settings;
      try {
        settings = platformConfig(ctx.config);
      } catch (error) {
        return { enabled: false, reason: (error as Error).message };
      }
      const keys = new ApiKeys({ store: ctx.store, now: ctx.now });
      const webhooks = new Webhooks({ store: ctx.store, settings: settings.webhooks, now: ctx.now, log: ctx.log });
      const retention = new Retention({
        store: ctx.store,
        now: ctx.now,
        dataDir: ctx.dataDir,
        audit,
        log: ctx.log,
        intervalMs: settings.retention.intervalMs,
      });
      const eraser = new Eraser({ store: ctx.store, now: ctx.now, audit, dataDir: ctx.dataDir });
      const links = new DownloadLinks(ctx.now);
      const registered: string[] = [];
      const jobs: SingletonHandle[] = [];
      return {
        enabled: true,
        services: [provide(PLATFORM, { keys, webhooks, retention, eraser, links, routes: registered })],
        routes: (app) => registerPublicApi(app, { ctx, keys, links, handlers: jsonHandlers(ctx, eraser), audit, registered }),
        async start() {
          // One deliverer and one retention timer cluster-wide (team mode: a lock each).
          jobs.push(
            ctx.singletons.run('webhooks', { start: () => webhooks.start(), stop: () => webhooks.stop() }),
            ctx.singletons.run('retention', { start: () => retention.start(), stop: () => retention.stop() }),
          );
          await Promise.all(jobs.map((job) => job.ready));
        },
        async stop() {
          await Promise.all(jobs.splice(0).map((job) => job.stop()));
          await keys.flushUse().catch(() => undefined);
        },
      };
    },
  };
}

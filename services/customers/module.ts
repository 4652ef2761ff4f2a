import type { CountryCode } from 'libphonenumber-js';
import path from 'node:path';
import type { customerCommands } from '../contracts';
import { bearerToken } from '../hub/agentAuth';
import type { HubModule } from '../hub/module';
import { agentRoom, EVERYONE } from '../hub/push';
import { provide } from '../hub/services';
import { BackOffice } from './connectors/connector';
import { httpJsonConnector } from './connectors/httpJson';
import { ImportJobs } from './import/importJobs';
import { ImportUploadError } from './import/uploadCheck';
import { applyMergeRules } from './mergeRules';
import { customerHandlers } from './handlers';
import { CUSTOMERS } from './service';
import { customersConfig, CustomersConfig } from './settings';

/**
 * Customers: the 360 commands, CSV uploads over HTTP and import jobs with progress pushes, back-office
 * connectors, and the configured merge rule after ingest.
 */
export function customersModule(): HubModule<keyof typeof customerCommands> {
  return {
    name: 'customers',
    handlers: customerHandlers,
    configSection: { key: 'customers', schema: CustomersConfig },
    setup(ctx) {
      let settings: CustomersConfig;
      try {
        settings = customersConfig(ctx.config);
      } catch (error) {
        // A bad section must not stop the hub: run without connectors and rules, and say why.
        ctx.log.error({ err: error }, 'customers: config.customers is invalid; back-office connectors and merge rules are off');
        settings = { autoMergeOn: [], connectors: [], maxImportBytes: 64 * 1024 * 1024 };
      }
      const jobs = new ImportJobs(
        ctx.store,
        path.join(ctx.dataDir, 'imports'),
        (agentId, progress) => ctx.push.to(agentRoom(agentId)).emit('customer/importProgress', progress),
        ctx.now,
        ctx.config.defaultRegion as CountryCode,
        (err) => ctx.log.error({ err }, 'customers: import failed'),
      );
      const backOffice = new BackOffice(
        settings.connectors.map((c) => httpJsonConnector(c, ctx.now)),
        ctx.now,
      );
      ctx.log.info({ connectors: backOffice.size, autoMergeOn: settings.autoMergeOn }, 'customers: module ready');

      let unsubscribe: (() => void) | null = null;
      if (settings.autoMergeOn.length > 0) {
        unsubscribe = ctx.center.onMessage((conversation, message) => {
          if (message.direction !== 'in') return;
          void (async () => {
            try {
              const changed = await applyMergeRules(ctx.store, conversation.customerId, settings.autoMergeOn, ctx.now());
              if (changed.length > 0) ctx.push.to(EVERYONE).emit('customer/changed', { customerIds: changed, reason: 'merged' });
            } catch (err) {
              ctx.log.error({ err }, 'customers: merge rule failed');
            }
          })();
        });
      }

      return {
        enabled: true,
        services: [provide(CUSTOMERS, { imports: jobs, backOffice, maxImportBytes: settings.maxImportBytes })],
        routes(app) {
          app.addContentTypeParser(
            ['text/csv', 'text/plain', 'application/octet-stream'],
            { parseAs: 'buffer', bodyLimit: settings.maxImportBytes },
            (_req, body, done) => done(null, body),
          );
          app.post('/api/customers/imports', { bodyLimit: settings.maxImportBytes }, async (request, reply) => {
            // The session and the agent's role as they are now (a disabled or demoted user is refused).
            const found = await ctx.auth.authenticate(bearerToken(request.headers.authorization));
            if ('refused' in found) return reply.code(401).send({ code: 'unauthenticated', message: 'sign in first' });
            const { agent } = found;
            if (agent.role === 'agent')
              return reply.code(403).send({ code: 'forbidden', message: 'imports need role supervisor or admin' });
            if (!Buffer.isBuffer(request.body) || request.body.length === 0) {
              return reply
                .code(400)
                .send({ code: 'invalid_input', message: 'send the CSV file as the request body (content-type text/csv)' });
            }
            try {
              return await jobs.upload(request.body);
            } catch (error) {
              if (error instanceof ImportUploadError) return reply.code(422).send({ code: 'invalid_input', message: error.message });
              throw error;
            }
          });
        },
        async stop() {
          unsubscribe?.();
          await jobs.stop();
        },
      };
    },
  };
}

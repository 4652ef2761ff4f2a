import { offReasons, type webchatCommands } from '../../contracts';
import { migration0005 } from './migrations/0005-webchat';
import type { HubModule } from '../../hub/module';
import { provide } from '../../hub/services';
import { EMAIL } from '../email/service';
import { SMS_SENDER } from '../telephony/service';
import { chatAdapter } from './adapter';
import { WEBCHAT, webchatHandlers } from './agentHandlers';
import { WebchatConfig } from './config';
import { FileStore } from './files';
import { VisitorGateway } from './gateway';
import { CustomerHistory } from './history';
import { createMailer } from './mailer';
import { visitorHandlers } from './visitorCommands';
import { registerWidgetRoutes, type ChatPageLink } from './widgetRoutes';

/**
 * Web chat: the `/visitor` socket namespace, the 'chat' channel adapter, visitor uploads, the widget bundle
 * at /widget.js and its demo page at /chat. Enabled by a `webchat` section in the hub config.
 */
export type WebchatModuleOptions = Readonly<{
  /** Links under the text of the /chat demo page (`npm run demo`: "what the customers received"). */
  chatPageLinks?: readonly ChatPageLink[];
}>;

export function webchatModule(options: WebchatModuleOptions = {}): HubModule<keyof typeof webchatCommands> {
  // The runtime the routes answer from: the latest setup's settings and file store (null while off).
  let current: { config: WebchatConfig; files: FileStore } | null = null;
  return {
    name: 'webchat',
    migrations: [migration0005],
    handlers: webchatHandlers,
    configSection: { key: 'webchat', live: 'webchat', schema: WebchatConfig },
    routes(app, ctx) {
      app.get<{ Params: { fileId: string } }>('/webchat/files/:fileId', async (request, reply) =>
        current ? current.files.serve(request.params.fileId, reply) : reply.code(404).send({ code: 'not_found', message: 'no such file' }),
      );
      registerWidgetRoutes(app, () => current?.config ?? null, ctx.log, options.chatPageLinks);
    },
    setup(ctx) {
      current = null;
      if (ctx.config.webchat === undefined) {
        ctx.log.info('webchat: disabled (no "webchat" section in the hub config)');
        return { enabled: false, reason: offReasons.chatAbsent };
      }
      const parsed = WebchatConfig.safeParse(ctx.config.webchat);
      if (!parsed.success) {
        const detail = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
        ctx.log.error({ issues: parsed.error.issues }, `webchat: off, invalid config.webchat: ${detail}`);
        return { enabled: false, reason: offReasons.chatInvalid };
      }
      const config = parsed.data;
      const mailer = config.smtp ? createMailer(config.smtp) : null;
      if (!mailer) ctx.log.info('webchat: no smtp section, transcripts and email codes are off');
      // Read when used: the telephony module publishes it when some number has SMS enabled.
      const sms = () => ctx.services.find(SMS_SENDER);
      const files = new FileStore(ctx.dataDir, config, { store: ctx.store, now: ctx.now, log: ctx.log });
      const history = new CustomerHistory({
        store: ctx.store,
        center: ctx.center,
        config,
        defaultRegion: ctx.config.defaultRegion,
        now: ctx.now,
        mailer,
        sms,
      });
      const gateway = new VisitorGateway({
        store: ctx.store,
        center: ctx.center,
        config,
        log: ctx.log,
        now: ctx.now,
        namespaces: ctx.namespaces,
        push: ctx.push,
      });
      const handlers = visitorHandlers({
        gateway,
        center: ctx.center,
        store: ctx.store,
        config,
        files,
        history,
        mailer,
        smsAvailable: () => sms() !== undefined,
        emailRepliesAvailable: () => ctx.services.find(EMAIL) !== undefined,
        now: ctx.now,
      });
      gateway.setHandlers(handlers);
      gateway.attach();
      const runtime = { config, files };
      current = runtime;
      return {
        enabled: true,
        services: [provide(WEBCHAT, gateway)],
        adapters: [chatAdapter(gateway, ctx.center)],
        async start() {
          await files.start();
          await gateway.start();
        },
        async stop() {
          if (current === runtime) current = null;
          await gateway.stop();
          await files.stop();
          mailer?.close();
        },
      };
    },
  };
}

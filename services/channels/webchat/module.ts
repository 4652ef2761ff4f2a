import type { HubModule, HubModuleContext } from '../../hub/module';
import { chatAdapter } from './adapter';
import { WEBCHAT_SERVICE_KEY } from './agentHandlers';
import { WebchatConfig } from './config';
import { FileStore } from './files';
import { VisitorGateway } from './gateway';
import { CustomerHistory } from './history';
import { createMailer, SMS_SENDER_KEY, type Mailer, type SmsSender } from './mailer';
import { visitorHandlers } from './visitorCommands';
import { registerWidgetRoutes } from './widgetRoutes';

/**
 * Web chat: the `/visitor` socket namespace, the 'chat' channel adapter, visitor uploads, the widget bundle
 * at /widget.js and its demo page at /chat. Enabled by a `webchat` section in the hub config.
 */
export function webchatModule(): HubModule {
  let gateway: VisitorGateway | null = null;
  let mailer: Mailer | null = null;
  let files: FileStore | null = null;
  return {
    name: 'webchat',
    register(ctx: HubModuleContext) {
      if (ctx.config.webchat === undefined) {
        ctx.log.info('webchat: disabled (no "webchat" section in the hub config)');
        return;
      }
      const parsed = WebchatConfig.safeParse(ctx.config.webchat);
      if (!parsed.success) {
        // A broken section disables the feature with a clear reason instead of stopping the hub.
        ctx.log.error({ issues: parsed.error.issues }, 'webchat: disabled, the "webchat" config section is invalid');
        return;
      }
      const config = parsed.data;
      mailer = config.smtp ? createMailer(config.smtp) : null;
      if (!mailer) ctx.log.info('webchat: no smtp section, transcripts and email codes are off');
      const sms = () => ctx.services.find<SmsSender>(SMS_SENDER_KEY);
      files = new FileStore(ctx.dataDir, config, { store: ctx.store, now: ctx.now, log: ctx.log });
      const history = new CustomerHistory({ store: ctx.store, center: ctx.center, config, defaultRegion: ctx.config.defaultRegion, now: ctx.now, mailer, sms });
      gateway = new VisitorGateway({ store: ctx.store, center: ctx.center, config, log: ctx.log, now: ctx.now, io: ctx.io });
      const handlers = visitorHandlers({ gateway, center: ctx.center, store: ctx.store, config, files, history, mailer, smsAvailable: () => sms() !== undefined, now: ctx.now });
      gateway.setHandlers(handlers);
      gateway.attach();
      ctx.channels.register(chatAdapter(gateway, ctx.center));
      ctx.services.provide(WEBCHAT_SERVICE_KEY, gateway);
      files.registerRoute(ctx.app);
      registerWidgetRoutes(ctx.app, config, ctx.log);
    },
    async start() {
      await files?.start();
      await gateway?.start();
    },
    async stop() {
      await gateway?.stop();
      await files?.stop();
      mailer?.close();
    },
  };
}

import { HubError, publicRoutes, type platformCommands } from '../contracts';
import type { CommandContext, HandlerTable } from '../hub/commands';
import { listRetentionPolicies, setRetentionPolicy } from './repo';
import { PLATFORM, type PlatformService } from './service';

const platform = (ctx: CommandContext): PlatformService => ctx.services.require(PLATFORM);
const me = (ctx: CommandContext) => ({ kind: 'agent', agentId: ctx.agentId }) as const;

/** Admin commands of services/contracts/platform.ts; the role is checked by the dispatcher, and each change is audited. */
export const platformHandlers: HandlerTable<keyof typeof platformCommands> = {
  'platform/apiKeys': async (_input, ctx) => platform(ctx).keys.list(),

  'platform/apiKeyCreate': async (input, ctx) => {
    const created = await platform(ctx).keys.create(input, ctx.agentId);
    await ctx.audit.record(me(ctx), {
      action: 'apiKey.created',
      target: `apiKey:${created.key.id}`,
      detail: {
        name: created.key.name,
        scopes: created.key.scopes,
        rateLimitPerMinute: created.key.rateLimitPerMinute,
        expiresAt: created.key.expiresAt,
      },
    });
    return created;
  },

  'platform/apiKeyRevoke': async (input, ctx) => {
    const key = await platform(ctx).keys.revoke(input.keyId);
    await ctx.audit.record(me(ctx), { action: 'apiKey.revoked', target: `apiKey:${key.id}`, detail: { name: key.name } });
    return key;
  },

  'platform/webhooks': async (_input, ctx) => platform(ctx).webhooks.list(),

  'platform/webhookCreate': async (input, ctx) => {
    const created = await platform(ctx).webhooks.create(input, ctx.agentId);
    await ctx.audit.record(me(ctx), {
      action: 'webhook.created',
      target: `webhook:${created.subscription.id}`,
      detail: { url: created.subscription.url, events: created.subscription.events },
    });
    return created;
  },

  'platform/webhookSetActive': async (input, ctx) => {
    const s = await platform(ctx).webhooks.setActive(input.subscriptionId, input.active);
    await ctx.audit.record(me(ctx), { action: input.active ? 'webhook.resumed' : 'webhook.paused', target: `webhook:${s.id}` });
    return s;
  },

  'platform/webhookDelete': async (input, ctx) => {
    await platform(ctx).webhooks.remove(input.subscriptionId);
    await ctx.audit.record(me(ctx), { action: 'webhook.deleted', target: `webhook:${input.subscriptionId}` });
    return { deleted: true };
  },

  'platform/webhookDeliveries': async (input, ctx) => platform(ctx).webhooks.deliveries(input.subscriptionId, input.limit),

  'platform/webhookResend': async (input, ctx) => {
    const d = await platform(ctx).webhooks.resend(input.deliveryId);
    await ctx.audit.record(me(ctx), {
      action: 'webhook.resent',
      target: `webhook:${d.subscriptionId}`,
      detail: { deliveryId: d.id, eventId: d.eventId },
    });
    return d;
  },

  'platform/retention': async (_input, ctx) => ({
    policies: await listRetentionPolicies(ctx.store),
    runs: await platform(ctx).retention.recentRuns(),
  }),

  'platform/retentionSet': async (input, ctx) => {
    await ctx.store.write((tx) => setRetentionPolicy(tx, input.channel, input.days, ctx.now()));
    await ctx.audit.record(me(ctx), { action: 'retention.updated', target: `channel:${input.channel}`, detail: { days: input.days } });
    return listRetentionPolicies(ctx.store);
  },

  'platform/retentionRunNow': async (_input, ctx) => {
    await ctx.audit.record(me(ctx), { action: 'retention.runRequested' });
    return platform(ctx).retention.runNow();
  },

  'platform/customerErase': async (input, ctx) => platform(ctx).eraser.erase(input.customerId, { reason: input.reason, actor: me(ctx) }),

  'platform/downloadLink': async (input, ctx) => {
    const q = new URLSearchParams();
    let path: string;
    if (input.kind === 'customer') {
      if (input.customerId === undefined)
        throw new HubError('invalid_input', 'which customer?', [{ path: 'customerId', message: 'required' }]);
      path = publicRoutes.customerExport.path.replace(':id', String(input.customerId));
    } else {
      path = {
        conversations: publicRoutes.exportConversations.path,
        messages: publicRoutes.exportMessages.path,
        report: publicRoutes.exportReport.path,
      }[input.kind];
      if (input.from !== undefined) q.set('from', String(input.from));
      if (input.to !== undefined) q.set('to', String(input.to));
      q.set('format', input.format);
    }
    const query = q.toString();
    return platform(ctx).links.create(ctx.agentId, `/api/v1${path}${query ? `?${query}` : ''}`);
  },
};

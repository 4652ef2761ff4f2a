import { HubError, type webchatCommands } from '../../contracts';
import type { CommandContext, HandlerTable } from '../../hub/commands';
import { serviceKey } from '../../hub/services';
import type { VisitorGateway } from './gateway';

export const WEBCHAT = serviceKey<VisitorGateway>('webchat');

const gatewayOf = (ctx: CommandContext): VisitorGateway => ctx.services.require(WEBCHAT);

async function requireChat(ctx: CommandContext, conversationId: number): Promise<void> {
  ctx.center.requireHeldBy(ctx.agentId, conversationId);
  const conversation = await ctx.center.requireConversation(conversationId);
  if (conversation.channel !== 'chat') throw new HubError('invalid_input', 'this is not a chat conversation');
}

/** Agent-side chat commands: typing indicator and read receipts towards the visitor. */
export const webchatHandlers: HandlerTable<keyof typeof webchatCommands> = {
  'chat/typing': async ({ conversationId, typing }, ctx) => {
    const gateway = gatewayOf(ctx);
    await requireChat(ctx, conversationId);
    const visitor = await gateway.visitorOf(conversationId);
    if (!visitor) return { delivered: false };
    gateway.emitTo(visitor.id, 'typing', { typing, agentName: ctx.center.agent(ctx.agentId)?.displayName ?? null });
    return { delivered: await gateway.connectedAnywhere(visitor.id) };
  },

  'chat/read': async ({ conversationId, upToMessageId }, ctx) => {
    const gateway = gatewayOf(ctx);
    await requireChat(ctx, conversationId);
    const visitor = await gateway.visitorOf(conversationId);
    if (!visitor) return { delivered: false };
    await gateway.markRead(conversationId, 'in', upToMessageId);
    gateway.emitTo(visitor.id, 'read', { upToMessageId });
    return { delivered: await gateway.connectedAnywhere(visitor.id) };
  },
};

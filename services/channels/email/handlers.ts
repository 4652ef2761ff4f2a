import { HubError, type emailCommands } from '../../contracts';
import type { HandlerTable } from '../../hub/commands';
import { disabledStatus, EMAIL } from './service';
import { conversationOfMessage } from './repo';

export const emailHandlers: HandlerTable<keyof typeof emailCommands> = {
  'email/send': async (input, { agentId, center, services }) => {
    const service = services.require(EMAIL);
    // Only the agent holding the conversation (or a supervisor) may write to the customer.
    center.requireHeldBy(agentId, input.conversationId);
    const conversation = await center.requireConversation(input.conversationId);
    const { message, outboxId } = await service.send({
      agentId,
      conversation,
      mode: input.mode,
      parentMessageId: input.messageId,
      to: input.to,
      cc: input.cc,
      bcc: input.bcc,
      bodyText: input.bodyText,
      bodyHtml: input.bodyHtml,
      quote: input.quote,
      attachments: input.attachments?.map((a) => {
        const content = Buffer.from(a.contentBase64, 'base64');
        if (content.length === 0)
          throw new HubError('invalid_input', `attachment ${a.filename} is empty`, [{ path: 'attachments', message: 'empty' }]);
        return { filename: a.filename, contentType: a.contentType, content };
      }),
    });
    return { message, outboxId, state: 'queued' as const };
  },

  'email/status': async (_input, { services }) => {
    const service = services.find(EMAIL);
    return service ? service.status() : disabledStatus(services.whyOff(EMAIL));
  },

  'email/retry': async (input, { agentId, center, services, store }) => {
    const service = services.require(EMAIL);
    const conversationId = await conversationOfMessage(store, input.messageId);
    if (conversationId === undefined) throw new HubError('not_found', `message ${input.messageId} not found`);
    const caller = center.agent(agentId);
    if (caller?.role === 'agent') center.requireHeldBy(agentId, conversationId);
    return { state: await service.retry(input.messageId) };
  },
};

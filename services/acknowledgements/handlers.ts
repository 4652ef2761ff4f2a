import { defaultAckSettings, HubError, type acknowledgementCommands } from '../contracts';
import type { HandlerTable } from '../hub/commands';
import { defaultAckWording } from '../phrases/acknowledgements';
import { getAckSettings, saveAckSettings } from './repo';

export const acknowledgementHandlers: HandlerTable<keyof typeof acknowledgementCommands> = {
  'admin/queueAckGet': async (input, { center, store }) => {
    const queue = center.queue(input.queueId);
    if (!queue) throw new HubError('not_found', `there is no queue "${input.queueId}"`);
    const saved = await getAckSettings(store, input.queueId);
    // Not saved yet: the wording the form starts from is in the queue's language.
    const settings = saved ?? {
      ...defaultAckSettings,
      sms: { ...defaultAckSettings.sms, ...defaultAckWording(queue.language ?? 'en', 'sms') },
      email: { ...defaultAckSettings.email, ...defaultAckWording(queue.language ?? 'en', 'email') },
    };
    return { queueId: input.queueId, settings, saved: saved !== undefined };
  },

  'admin/queueAckSet': async (input, { center, store, agentId, audit, now }) => {
    if (!center.queue(input.queueId)) throw new HubError('not_found', `there is no queue "${input.queueId}"`);
    const before = await getAckSettings(store, input.queueId);
    await store.write((tx) => saveAckSettings(tx, input.queueId, input.settings, agentId, now()));
    if (JSON.stringify(before) !== JSON.stringify(input.settings)) {
      await audit.record(
        { kind: 'agent', agentId },
        {
          action: 'queue.acknowledgements.updated',
          target: `queue:${input.queueId}`,
          detail: {
            sms: input.settings.sms.enabled,
            email: input.settings.email.enabled,
            perAddressMinutes: input.settings.perAddressMinutes,
          },
        },
      );
    }
    return { queueId: input.queueId, settings: input.settings, saved: true };
  },
};

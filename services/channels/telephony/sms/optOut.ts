import type { SmsOptOut } from '../../../contracts';
import { SUPERVISORS, agentRoom } from '../../../hub/push';
import { findCustomerByIdentity } from '../../../store/repos/customers';
import { appendEvent } from '../../../store/repos/events';
import { listOpenConversations } from '../../../store/repos/conversations';
import type { TwilioRuntime } from '../runtime';
import { getOptOut, lastOptOutChange, saveOptOut } from '../repo';

/**
 * Records a STOP/START (or carrier error 21610) for a customer phone, with an audit event, and warns the
 * agents holding that customer's open conversations and the supervisors. A change that repeats the last one
 * from the same MessageSid (a retried webhook or status callback) is already recorded: nothing is written
 * or pushed again.
 */
export async function recordOptOut(
  rt: TwilioRuntime,
  change: Readonly<{ phone: string; optedOut: boolean; keyword: string; ourNumber: string | null; messageSid: string | null }>,
): Promise<SmsOptOut> {
  const at = rt.now();
  const recorded = await rt.store.write(async (tx) => {
    const last = change.messageSid === null ? undefined : await lastOptOutChange(tx, change.phone);
    if (last && last.messageSid === change.messageSid && last.optedOut === change.optedOut)
      return { state: await getOptOut(tx, change.phone), repeated: true };
    const customerId = (await findCustomerByIdentity(tx, 'phone', change.phone)) ?? null;
    await saveOptOut(tx, { ...change, customerId, at });
    await appendEvent(tx, {
      at,
      type: change.optedOut ? 'sms/optOut' : 'sms/optIn',
      data: { phone: change.phone, customerId, keyword: change.keyword, ourNumber: change.ourNumber, messageSid: change.messageSid },
    });
    return { state: await getOptOut(tx, change.phone), repeated: false };
  });
  const { state } = recorded;
  if (recorded.repeated) return state;
  const rooms = [SUPERVISORS];
  if (state.customerId !== null) {
    for (const c of await listOpenConversations(rt.store)) {
      if (c.customerId === state.customerId && c.assignedAgentId !== null) rooms.push(agentRoom(c.assignedAgentId));
    }
  }
  rt.push.to(rooms).emit('sms/optOut', state);
  return state;
}

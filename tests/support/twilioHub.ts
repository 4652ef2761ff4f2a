import { afterEach } from 'vitest';
import type { QueueInput } from '../../services/contracts';
import { seed, startTestHub, supportQueue, type TestHub } from './testHub';
import { TwilioRestFake, twilioConfig } from './twilioFake';

export const salesQueue: QueueInput = { ...supportQueue, id: 'sales', name: 'Sales' };

type Agents = Parameters<typeof seed>[1];
export type TwilioHub = Readonly<{ t: TestHub; fake: TwilioRestFake }>;

/** Which queues to seed (default support and sales), and whether the hub gets Twilio at all (default yes). */
export type TwilioHubOptions = Readonly<{ queues?: readonly QueueInput[]; twilio?: boolean }>;

/**
 * For a test file: hubs with Twilio pointed at a fresh REST stand-in (through the client's own options), both
 * stopped after each test. The returned function starts one, seeding `agents` and the queues; `over`
 * overrides the Twilio config. With `twilio: false` the stand-in still runs but the hub is not told of it.
 */
export function twilioHubs(): (agents: Agents, over?: Record<string, unknown>, options?: TwilioHubOptions) => Promise<TwilioHub> {
  let t: TestHub | undefined;
  let fake: TwilioRestFake | undefined;
  afterEach(async () => {
    await t?.stop();
    await fake?.stop();
    t = undefined;
    fake = undefined;
  });
  return async (agents, over = {}, { queues = [supportQueue, salesQueue], twilio = true } = {}) => {
    fake = await TwilioRestFake.start();
    t = await startTestHub(twilio ? { twilio: twilioConfig(fake.url, over) } : {});
    await seed(t, agents, queues);
    return { t, fake };
  };
}

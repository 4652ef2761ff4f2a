import { afterEach } from 'vitest';
import type { QueueInput } from '../../services/contracts';
import { seed, startTestHub, supportQueue, type TestHub } from './testHub';
import { TwilioRestFake, twilioConfig } from './twilioFake';

export const salesQueue: QueueInput = { ...supportQueue, id: 'sales', name: 'Sales' };

type Agents = Parameters<typeof seed>[1];
export type TwilioHub = Readonly<{ t: TestHub; fake: TwilioRestFake }>;

/**
 * For a test file: hubs with Twilio pointed at a fresh REST stand-in (through the client's own options), both
 * stopped after each test. The returned function starts one, seeding `agents` and the support and sales
 * queues; `over` overrides the Twilio config.
 */
export function twilioHubs(): (agents: Agents, over?: Record<string, unknown>) => Promise<TwilioHub> {
  let t: TestHub | undefined;
  let fake: TwilioRestFake | undefined;
  afterEach(async () => {
    await t?.stop();
    await fake?.stop();
    t = undefined;
    fake = undefined;
  });
  return async (agents, over = {}) => {
    fake = await TwilioRestFake.start();
    t = await startTestHub({ twilio: twilioConfig(fake.url, over) });
    await seed(t, agents, [supportQueue, salesQueue]);
    return { t, fake };
  };
}

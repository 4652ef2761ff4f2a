import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgentClient } from '../support/agentClient';
import { demoLogin, startDemo, type DemoProcess } from '../support/demoProcess';
import { until } from '../support/until';
import { VisitorClient } from '../support/visitorClient';

// `npm run demo` with fast bots and busy SMS traffic: a real visitor's chat (opened here over the widget's
// protocol, not by the simulator) is never taken by a bot, and the bots leave the newest contacts waiting
// for the person trying the demo.
let demo: DemoProcess;
let supervisor: AgentClient;
let visitor: VisitorClient;

beforeAll(async () => {
  demo = await startDemo({
    SIM_BOTS: '3',
    SIM_BOT_ACCEPT: '1',
    SIM_BOT_HANDLE_MS: '200',
    SIM_LEAVE_WAITING: '3',
    SIM_SMS_PER_MIN: '180',
    SIM_CALLS_PER_MIN: '0',
    SIM_CHATS_PER_MIN: '0',
    SIM_EMAILS_PER_MIN: '0',
    SIM_STATUS_MS: '500',
  });
  supervisor = await AgentClient.connect(demo.url, await demoLogin(demo.url, 'supervisor', 'demo-super-pw'));
}, 90_000);

afterAll(async () => {
  visitor?.close();
  supervisor?.close();
  expect(await demo?.stop()).toBe(0);
});

describe('npm run demo: bots', () => {
  it("never take a real visitor's chat, and leave contacts waiting for the person trying the demo", async () => {
    // Bots are online, so chat is open.
    visitor = await VisitorClient.connect(demo.url);
    const session = await visitor.ok('chat/start', { queueId: 'sales', name: 'Real Visitor', email: 'real.visitor@example.org' });
    await visitor.ok('message/send', { clientId: 'real-visitor-1', text: 'Hello, is anyone there?' });
    const { conversationId } = await visitor.ok('session/resume', { token: session.token });
    expect(conversationId).not.toBeNull();

    // Bots work for a while: they close SMS, and every offer of the visitor's chat comes back rejected.
    await until(() => /bots closed [1-9]\d*/.test(demo.out()), 30_000, 100);
    await new Promise((resolve) => setTimeout(resolve, 6_000));
    const { conversation } = await supervisor.ok('conversation/get', { conversationId: conversationId as number });
    expect(conversation.state).toBe('queued');
    expect(conversation.assignedAgentId).toBeNull();

    // With SMS arriving at 3 a second and bots free, the queues still hold at least the reserve.
    const stats = await supervisor.ok('queue/list', {});
    const waiting = stats.reduce((n, q) => n + q.stats.waiting, 0);
    expect(waiting).toBeGreaterThanOrEqual(3);
  }, 60_000);
});

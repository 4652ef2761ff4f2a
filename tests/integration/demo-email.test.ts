import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Message, Offer } from '../../services/contracts';
import { AgentClient } from '../support/agentClient';
import { demoInbox, demoLogin, startDemo, type DemoProcess } from '../support/demoProcess';
import { until } from '../support/until';

// `npm run demo` with email only and no bots: a person (the demo's `agent`) takes a simulated customer's
// email, replies; the reply goes through the email outbox over SMTP to the demo's in-process smtp-server
// (status 'sent' only after that server accepted it), shows on /demo/inbox, and the customer's answer comes
// back threaded (In-Reply-To/References, subject token) through the email channel's inbound path into the
// same conversation.
let demo: DemoProcess;
let agent: AgentClient;

beforeAll(async () => {
  demo = await startDemo({
    SIM_BOTS: '0',
    SIM_SMS_PER_MIN: '0',
    SIM_CALLS_PER_MIN: '0',
    SIM_CHATS_PER_MIN: '0',
    SIM_EMAILS_PER_MIN: '60',
    SIM_EMAIL_ANSWER: '1',
    SIM_EMAIL_ANSWER_MS: '300',
  });
  agent = await AgentClient.connect(demo.url, await demoLogin(demo.url, 'agent', 'demo-agent-pw'));
}, 90_000);

afterAll(async () => {
  agent?.close();
  const code = await demo?.stop();
  expect(demo.out()).toContain('Demo stopped.');
  expect(code).toBe(0);
});

describe('npm run demo: email', () => {
  it("an agent's reply is accepted by the demo SMTP server and the customer's answer threads into the same conversation", async () => {
    await agent.ok('presence/set', { presence: 'available' });
    const offer: Offer = await agent.waitFor('offer/new', (o) => o.channel === 'email', 30_000);
    const conversation = await agent.ok('offer/accept', { offerId: offer.offerId });
    const before = await agent.ok('conversation/get', { conversationId: conversation.id });
    const inboundBefore = before.messages.filter((m) => m.direction === 'in').length;

    const reply = await agent.ok('message/send', {
      conversationId: conversation.id,
      bodyText: 'We have found your parcel; it ships today.',
    });
    expect(reply.status).toBe('queued');
    // 'sent' is set only after the SMTP server answered 250 to the final dot.
    const sent: Message = await agent.waitFor('message/new', (m) => m.id === reply.id && m.status === 'sent', 20_000);
    expect(sent.conversationId).toBe(conversation.id);

    const mail = await until(
      async () => (await demoInbox(demo.url)).find((i) => i.kind === 'email' && i.subject?.includes(`[#SB-${conversation.id}]`)),
      10_000,
      100,
    );
    expect(mail.text).toContain('We have found your parcel; it ships today.');
    expect(mail.from).toContain('support@demo.example.com');
    expect(mail.messageId).toMatch(/^<.+@.+>$/);

    // The simulated customer answers that mail (always, after ~0.3 s here) through the normal inbound path.
    const answer: Message = await agent.waitFor(
      'message/new',
      (m) => m.conversationId === conversation.id && m.direction === 'in' && m.id > reply.id,
      20_000,
    );
    const after = await agent.ok('conversation/get', { conversationId: conversation.id });
    expect(after.messages.filter((m) => m.direction === 'in').length).toBe(inboundBefore + 1);
    expect(after.messages.at(-1)?.id).toBe(answer.id);
    expect(answer.bodyText).toContain('wrote:');
    expect(after.conversation.id).toBe(conversation.id);
  }, 90_000);

  it('the demo inbox page is served with a strict policy and its own script', async () => {
    const page = await fetch(`${demo.url}/demo/inbox`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await page.text();
    expect(html).toContain('<script src="/demo/inbox.js"></script>');
    expect(html).not.toMatch(/<script>(?!<\/script>)/);
    const chat = await (await fetch(`${demo.url}/chat?queue=sales`)).text();
    expect(chat).toContain('href="/demo/inbox"');
    expect(demo.out()).toContain(`${demo.url}/demo/inbox`);
  });
});

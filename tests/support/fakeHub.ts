import type { CommandReply, HubCommandName, HubEventName, HubEventPayload } from '../../services/contracts';
import type { HubLinkListener } from '../../renderer/app/hubClient';
import type { StoreExtra } from '../../renderer/app/extra';
import { createAppStore } from '../../renderer/app/store';

type Handler = (input: unknown) => CommandReply<unknown>;

/**
 * An in-memory hub link for component tests: answers commands from a table and lets the test push
 * events and drop the connection. The real socket path is covered by tests/e2e/desktop.test.ts.
 */
export function fakeHub(
  handlers: Partial<Record<HubCommandName, Handler>> = {},
  httpFetch: typeof fetch = async () => new Response(null, { status: 500 }),
) {
  const calls: Array<{ name: HubCommandName; input: unknown }> = [];
  let listener: HubLinkListener | null = null;
  const extra: StoreExtra = {
    link: { current: null },
    connect: (_url, _token, l) => {
      listener = l;
      return {
        async command(name, input) {
          calls.push({ name, input });
          const handler = handlers[name];
          return (handler ? handler(input) : { ok: false, error: { code: 'unknown_command', message: `no fake for ${name}` } }) as never;
        },
        close() {
          listener = null;
        },
      };
    },
    fetch: httpFetch,
  };
  const chimes: string[] = [];
  const store = createAppStore(extra, { alerts: { chime: () => chimes.push('chime'), notify: (n) => chimes.push(`notify:${n.title}`) } });
  return {
    store,
    calls,
    chimes,
    handlers,
    status(status: Parameters<HubLinkListener['onStatus']>[0], detail: string | null = null) {
      listener?.onStatus(status, detail);
    },
    push<N extends HubEventName>(name: N, payload: HubEventPayload<N>) {
      listener?.onEvent(name, payload);
    },
  };
}

import type { AgentSnapshot, Conversation, CustomerSummary, Message, Offer } from '../../services/contracts';

export const agent: AgentSnapshot = {
  id: 7,
  username: 'ann',
  displayName: 'Ann Agent',
  role: 'agent',
  skills: {},
  capacity: { voice: 1, chat: 3, email: 2, sms: 3 },
  presence: 'available',
  awayReason: null,
  state: 'available',
  stateSince: Date.now(),
  load: { voice: 0, chat: 0, email: 0, sms: 0 },
  missedOffers: 0,
  connected: true,
};

export const customer: CustomerSummary = {
  id: 3,
  displayName: 'Dana Whitfield',
  identities: [{ kind: 'email', value: 'dana@example.com' }],
};

export function conversation(over: Partial<Conversation> = {}): Conversation {
  return {
    id: 11,
    channel: 'chat',
    customerId: customer.id,
    queueId: 'support',
    state: 'active',
    priority: 0,
    subject: null,
    threadKey: null,
    assignedAgentId: agent.id,
    lastAgentId: agent.id,
    createdAt: Date.now() - 5000,
    enqueuedAt: Date.now() - 5000,
    firstResponseAt: null,
    closedAt: null,
    disposition: null,
    ...over,
  };
}

let messageSeq = 100;
export function message(over: Partial<Message> = {}): Message {
  messageSeq += 1;
  return {
    id: messageSeq,
    conversationId: 11,
    direction: 'in',
    authorAgentId: null,
    bodyText: `message ${messageSeq}`,
    bodyHtml: null,
    providerId: null,
    status: null,
    meta: {},
    createdAt: Date.now(),
    ...over,
  };
}

export function offer(over: Partial<Offer> = {}): Offer {
  return {
    offerId: 'offer-1',
    conversationId: 11,
    agentId: agent.id,
    channel: 'chat',
    queueId: 'support',
    customer,
    subject: null,
    preview: 'my parcel is late',
    waitingSince: Date.now() - 42_000,
    expiresAt: Date.now() + 20_000,
    reason: 'queue',
    transferNote: null,
    ...over,
  };
}

export const session = { hubUrl: 'http://127.0.0.1:4780', token: 'token-0123456789', agent, expiresAt: Date.now() + 3600_000 };

export const ok =
  <T>(data: T) =>
  (): CommandReply<T> => ({ ok: true, data });

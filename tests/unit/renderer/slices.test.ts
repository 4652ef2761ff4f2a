// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import { HubEvents } from '../../../services/contracts';
import { hubApi } from '../../../renderer/app/api';
import { pushed, pushedAction } from '../../../renderer/app/hubActions';
import { offerSelectors } from '../../../renderer/features/offers/offersSlice';
import { sessionResumed, signIn, signOut } from '../../../renderer/features/session/sessionSlice';
import { conversationSelected, draftEdited } from '../../../renderer/features/worklist/worklistSlice';
import { slaStatus } from '../../../renderer/features/worklist/sla';
import { hasOptedOut } from '../../../renderer/features/conversation/panes';
import { agent, conversation, customer, fakeHub, message, offer, ok, session } from '../../support/fakeHub';

beforeEach(() => localStorage.clear());

function connectedHub(handlers: Parameters<typeof fakeHub>[0] = {}) {
  const hub = fakeHub({
    'conversation/mine': ok({ conversations: [conversation()], offers: [] }),
    'conversation/get': ok({ conversation: conversation(), customer, messages: [message({ bodyText: 'first' })] }),
    'session/me': ok({ agent, dispositions: ['resolved'] }),
    ...handlers,
  });
  hub.store.dispatch(sessionResumed(session));
  hub.status('connected');
  return hub;
}

describe('offers slice', () => {
  it('adds offers as they arrive, rings once per new offer, and explains a withdrawal', () => {
    const hub = connectedHub();
    hub.push('offer/new', offer());
    hub.push('offer/new', offer()); // re-sent after a reconnection: no second ring
    expect(offerSelectors.selectAll(hub.store.getState())).toHaveLength(1);
    expect(hub.chimes).toEqual(['chime', 'notify:Chat offer: Dana Whitfield']);

    hub.push('offer/revoked', { offerId: 'offer-1', conversationId: 11, reason: 'taken' });
    expect(offerSelectors.selectAll(hub.store.getState())).toHaveLength(0);
    expect(hub.store.getState().offers.lastRevoked).toMatchObject({ reason: 'taken', customer: 'Dana Whitfield' });
  });

  it('forgets offers on (re)connection, because the hub re-sends the open ones', () => {
    const hub = connectedHub();
    hub.push('offer/new', offer());
    hub.status('reconnecting', 'lost');
    expect(offerSelectors.selectTotal(hub.store.getState())).toBe(1);
    hub.status('connected');
    expect(offerSelectors.selectTotal(hub.store.getState())).toBe(0);
  });
});

describe('worklist slice and cache patches', () => {
  it('marks unread only for conversations not on screen and patches the cached thread', async () => {
    const hub = connectedHub();
    await hub.store.dispatch(hubApi.endpoints.conversationGet.initiate(11));
    hub.push('message/new', message({ bodyText: 'are you there?' }));
    expect(hub.store.getState().worklist.unread[11]).toBe(1);
    const cached = hubApi.endpoints.conversationGet.select(11)(hub.store.getState()).data;
    expect(cached?.messages.map((m) => m.bodyText)).toEqual(['first', 'are you there?']);

    hub.store.dispatch(conversationSelected(11));
    expect(hub.store.getState().worklist.unread[11]).toBeUndefined();
    hub.push('message/new', message({ bodyText: 'seen at once' }));
    expect(hub.store.getState().worklist.unread[11]).toBeUndefined();
  });

  it('drops a conversation from the work list when the hub says it left this agent', async () => {
    const hub = connectedHub();
    await hub.store.dispatch(hubApi.endpoints.conversationMine.initiate());
    const mine = () =>
      hubApi.endpoints.conversationMine
        .select()(hub.store.getState())
        .data?.conversations.map((c) => c.id);
    expect(mine()).toEqual([11]);
    hub.push('conversation/updated', conversation({ id: 12, channel: 'email' }));
    expect(mine()).toEqual([11, 12]);
    hub.push('conversation/updated', conversation({ state: 'queued', assignedAgentId: null }));
    expect(mine()).toEqual([12]);
  });

  it('keeps drafts per conversation in storage and restores them for the same agent and hub', () => {
    const first = connectedHub();
    first.store.dispatch(draftEdited({ conversationId: 11, text: 'half a sentence' }));
    first.store.dispatch(draftEdited({ conversationId: 12, text: 'another' }));
    const second = connectedHub();
    expect(second.store.getState().worklist.drafts[11]?.text).toBe('half a sentence');
    expect(second.store.getState().worklist.drafts[12]?.text).toBe('another');
  });

  it('clears a draft only when the hub confirms the send, keeping text typed meanwhile', async () => {
    let reply: ReturnType<ReturnType<typeof ok>> = {
      ok: false,
      error: { code: 'channel_unavailable', message: "Web chat isn't set up on this hub yet." },
    };
    const hub = connectedHub({ 'message/send': () => reply });
    hub.store.dispatch(draftEdited({ conversationId: 11, text: 'hello' }));
    await hub.store.dispatch(hubApi.endpoints.sendMessage.initiate({ conversationId: 11, bodyText: 'hello' }));
    expect(hub.store.getState().worklist.drafts[11]?.text).toBe('hello');
    reply = { ok: true, data: message({ direction: 'out', bodyText: 'hello' }) };
    await hub.store.dispatch(hubApi.endpoints.sendMessage.initiate({ conversationId: 11, bodyText: 'hello' }));
    expect(hub.store.getState().worklist.drafts[11]?.text).toBe('');
  });

  it('signals an expired session by returning to sign-in with the reason', () => {
    const hub = connectedHub();
    hub.status('unauthenticated', 'your session has expired or was signed out; sign in again');
    expect(hub.store.getState().session.session).toBeNull();
    expect(hub.store.getState().session.signedOutReason).toMatch(/session has expired/);
    expect(localStorage.getItem('switchboard.session')).toBeNull();
  });
});

describe('SLA and SMS opt-out rules', () => {
  it('counts down to the first response, warns in the last quarter, then shows the breach', () => {
    const c = conversation({ enqueuedAt: 0, createdAt: 0 });
    expect(slaStatus(c, 60, 10_000)).toEqual({ kind: 'running', leftMs: 50_000, warning: false });
    expect(slaStatus(c, 60, 50_000)).toEqual({ kind: 'running', leftMs: 10_000, warning: true });
    expect(slaStatus(c, 60, 70_000)).toEqual({ kind: 'breached', overMs: 10_000 });
    expect(slaStatus({ ...c, firstResponseAt: 5 }, 60, 70_000)).toEqual({ kind: 'answered' });
  });

  it('flags STOP until the customer opts back in', () => {
    expect(hasOptedOut([message({ bodyText: 'please stop calling me' })])).toBe(false);
    expect(hasOptedOut([message({ bodyText: 'STOP' })])).toBe(true);
    expect(hasOptedOut([message({ bodyText: 'Stop.' }), message({ bodyText: 'START' })])).toBe(false);
    expect(hasOptedOut([message({ bodyText: 'STOP', direction: 'out' })])).toBe(false);
  });
});

describe('sign-in and sign-out', () => {
  const json = (status: number, body: unknown) => async () =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  const attempt = async (httpFetch: typeof fetch, hubUrl = 'http://127.0.0.1:4780') => {
    const hub = fakeHub({}, httpFetch);
    await hub.store.dispatch(signIn({ hubUrl, username: 'ann', password: 'pw' }));
    return hub;
  };

  it('says clearly when the hub cannot be reached, refuses, or answers nonsense', async () => {
    const down = await attempt(async () => {
      throw new TypeError('Failed to fetch');
    });
    expect(down.store.getState().session.error).toBe(
      'Cannot reach the hub at http://127.0.0.1:4780. Check the address and that the hub is running.',
    );
    expect(
      (await attempt(json(401, { code: 'unauthenticated', message: 'wrong username or password' }))).store.getState().session.error,
    ).toBe('Wrong username or password.');
    expect((await attempt(json(200, { token: 1 }))).store.getState().session.error).toMatch(/does not understand/);
    expect((await attempt(json(200, {}), 'ftp://hub')).store.getState().session.error).toMatch(/must start with http/);
  });

  it('remembers the session, connects, and forgets both on sign-out (telling the hub)', async () => {
    const requests: string[] = [];
    const hub = await attempt(async (input, init) => {
      const url = input instanceof Request ? input.url : input.toString();
      requests.push(`${init?.method ?? 'GET'} ${url}`);
      return url.endsWith('/api/login')
        ? new Response(JSON.stringify({ token: session.token, agent: { ...agent }, expiresAt: session.expiresAt }), { status: 200 })
        : new Response(null, { status: 204 });
    }, 'http://127.0.0.1:4780/');
    expect(hub.store.getState().session.session?.hubUrl).toBe('http://127.0.0.1:4780');
    expect(JSON.parse(localStorage.getItem('switchboard.session') ?? 'null')).toMatchObject({ token: session.token });
    hub.status('connected');
    expect(hub.store.getState().connection.status).toBe('connected');
    await hub.store.dispatch(signOut());
    expect(hub.store.getState().session.session).toBeNull();
    expect(hub.store.getState().connection.status).toBe('offline');
    expect(localStorage.getItem('switchboard.session')).toBeNull();
    expect(requests).toEqual(['POST http://127.0.0.1:4780/api/login', 'POST http://127.0.0.1:4780/api/logout']);
  });
});

describe('pushed events as actions', () => {
  it('has one action per contract event, typed hub/pushed/<name>, carrying the payload as is', () => {
    expect(Object.keys(pushed).sort()).toEqual(Object.keys(HubEvents).sort());
    for (const name of Object.keys(pushed) as Array<keyof typeof pushed>) expect(pushed[name].type).toBe(`hub/pushed/${name}`);
    const payload = { conversationId: 11, typing: true };
    expect(pushedAction('chat/visitorTyping', payload)).toEqual({ type: 'hub/pushed/chat/visitorTyping', payload });
  });
});

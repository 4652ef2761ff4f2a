// @vitest-environment happy-dom
import { act, cleanup, render, screen, waitFor, within } from '@testing-library/react';
import type { ReactNode } from 'react';
import { Provider } from 'react-redux';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hubApi } from '../../../renderer/app/api';
import { App } from '../../../renderer/app/App';
import { ConversationView } from '../../../renderer/features/conversation/ConversationView';
import { PresenceControl } from '../../../renderer/features/presence/PresenceControl';
import { sessionResumed } from '../../../renderer/features/session/sessionSlice';
import { Worklist } from '../../../renderer/features/worklist/Worklist';
import { conversationSelected } from '../../../renderer/features/worklist/worklistSlice';
import type { Message } from '../../../services/contracts';
import { agent, conversation, customer, fakeHub, message, offer, ok, session } from '../../support/fakeHub';

beforeEach(() => localStorage.clear());
afterEach(cleanup);

const queueRow = {
  queue: {
    id: 'support',
    name: 'Support',
    channels: ['chat', 'sms'],
    skills: {},
    slaSeconds: 60,
    priority: 0,
    slTargetPercent: 80,
    shortAbandonSeconds: 5,
  },
  stats: {
    queueId: 'support',
    waiting: 0,
    oldestWaitingSince: null,
    offered: 0,
    active: 1,
    agentsAvailable: 0,
    agentsBusy: 1,
    agentsAway: 0,
  },
  eligible: true,
};

function setup(messages: Message[], channel: 'chat' | 'sms' = 'chat', handlers: Parameters<typeof fakeHub>[0] = {}) {
  const hub = fakeHub({
    'session/me': ok({ agent, dispositions: ['resolved'] }),
    'queue/list': ok([queueRow]),
    'conversation/mine': ok({ conversations: [conversation({ channel })], offers: [] }),
    'conversation/get': ok({ conversation: conversation({ channel }), customer, messages }),
    'chat/read': ok({ marked: 0 }),
    'sms/optOutStatus': ok({ phone: '+15551234567', optedOut: false, keyword: null, changedAt: null }),
    ...handlers,
  });
  hub.store.dispatch(sessionResumed(session));
  hub.status('connected');
  hub.store.dispatch(conversationSelected(11));
  const wrap = (ui: ReactNode) => render(<Provider store={hub.store}>{ui}</Provider>);
  return { hub, wrap };
}

describe('an ended chat looks ended', () => {
  const ended = () => [
    message({ bodyText: 'my parcel is late', createdAt: Date.now() - 60_000 }),
    message({ direction: 'out', authorAgentId: agent.id, bodyText: 'Looking now', status: 'delivered', createdAt: Date.now() - 30_000 }),
    message({ bodyText: 'The visitor ended the chat.', meta: { system: 'ended', visitorId: 4 } }),
  ];

  it('shows the end as an event, not a customer line, says "visitor left" and turns replies off with the reason', async () => {
    const { wrap } = setup(ended());
    wrap(<ConversationView />);
    const log = await screen.findByRole('list', { name: 'Messages' });
    const lines = within(log).getAllByRole('listitem');
    const last = lines.at(-1)!;
    expect(last.className).toBe('msg-event');
    expect(last.textContent).toMatch(/^The visitor ended the chat · /);
    // Only the visitor's real line is authored by the customer.
    expect(within(log).getAllByText(customer.displayName)).toHaveLength(1);
    expect(screen.getByText('visitor left')).toBeTruthy();
    expect(screen.queryByText('active')).toBeNull();
    const reply = screen.getByRole<HTMLButtonElement>('radio', { name: 'Reply' });
    expect(reply.disabled).toBe(true);
    expect(screen.getByRole('radio', { name: 'Internal note' }).getAttribute('aria-checked')).toBe('true');
    expect(document.querySelector('.composer-closed-reason')?.textContent).toMatch(
      /The visitor ended the chat at .*; replies no longer reach them\. Add a note or wrap up\./,
    );
    expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Wrap up' }).disabled).toBe(false);
    expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Transfer' }).disabled).toBe(true);
  });

  it('marks the chat "Visitor left" in My work instead of a running SLA', async () => {
    const { wrap } = setup(ended());
    wrap(<Worklist />);
    await screen.findByText('Visitor left');
    expect(screen.queryByText(/^SLA /)).toBeNull();
  });
});

describe('the SLA clock stops when the first reply is committed', () => {
  it('turns to "Answered" on the pushed first-response fact, without signing in again', async () => {
    const { hub, wrap } = setup([message({ bodyText: 'hi' })]);
    wrap(<Worklist />);
    await screen.findByText(/^SLA /);
    act(() => hub.push('conversation/updated', conversation({ firstResponseAt: Date.now() })));
    await screen.findByText('Answered');
    expect(screen.queryByText(/^SLA /)).toBeNull();
  });
});

describe('a whisper reads as the supervisor’s whisper', () => {
  it('names the supervisor, marks it as a whisper and says the customer cannot see it', async () => {
    const whisper = message({
      direction: 'note',
      authorAgentId: 1,
      bodyText: 'offer the refund',
      meta: { kind: 'whisper', byName: 'Sue Supervisor' },
    });
    const { wrap } = setup([
      message({ bodyText: 'hi' }),
      whisper,
      message({ direction: 'note', authorAgentId: agent.id, bodyText: 'my note' }),
    ]);
    wrap(<ConversationView />);
    const line = (await screen.findByText('offer the refund')).closest('li')!;
    expect(line.className).toContain('msg-whisper');
    expect(within(line).getByText('Whisper from Sue Supervisor')).toBeTruthy();
    expect(within(line).getByText('not visible to the customer')).toBeTruthy();
    const thread = screen.getByRole('list', { name: 'Messages' });
    const own = within(thread).getByText('my note').closest('li')!;
    expect(within(own).getByText('Internal note')).toBeTruthy();
    // Coaching for the agent is not a note about the customer: the customer panel lists only the agent's note.
    expect(screen.getAllByText('offer the refund')).toHaveLength(1);
    expect(screen.getAllByText('my note')).toHaveLength(2);
  });
});

describe('a ringing offer is not work held', () => {
  it('shows "Offered" while the offer rings and never "Busy"', async () => {
    const { hub, wrap } = setup([]);
    wrap(<PresenceControl />);
    const state = () => document.querySelector('.presence-state')?.textContent ?? '';
    await waitFor(() => expect(state()).toMatch(/^Available /));
    act(() => hub.push('offer/new', offer()));
    await waitFor(() => expect(state()).toMatch(/^Offered /));
    act(() => hub.push('offer/revoked', { offerId: 'offer-1', conversationId: 11, reason: 'timeout' }));
    await waitFor(() => expect(state()).toMatch(/^Available /));
  });
});

describe('SMS delivery states', () => {
  it('keeps "Delivered" when the status push overtakes the send command’s answer', async () => {
    const { hub, wrap } = setup([message({ bodyText: 'where is it?' })], 'sms');
    wrap(<ConversationView />);
    await screen.findByText('where is it?');
    const queued = message({ direction: 'out', authorAgentId: agent.id, bodyText: 'It ships today', status: 'queued' });
    act(() => hub.push('message/new', { ...queued, status: 'delivered' }));
    await screen.findByText('Delivered');
    // The answer of message/send, taken when the message was stored, lands after the push.
    act(() => {
      hub.store.dispatch({
        type: `${hubApi.reducerPath}/executeMutation/fulfilled`,
        payload: queued,
        meta: {
          arg: { type: 'mutation', endpointName: 'sendMessage', originalArgs: { conversationId: 11, bodyText: 'It ships today' } },
          requestId: 'r1',
          requestStatus: 'fulfilled',
          fulfilledTimeStamp: Date.now(),
        },
      });
    });
    await waitFor(() => expect(screen.getByText('Delivered')).toBeTruthy());
    expect(screen.queryByText('Sending…')).toBeNull();
  });
});

describe('the offer never covers an action', () => {
  it('is docked in the work column above My work, not floating over the conversation', async () => {
    const { hub, wrap } = setup([message({ bodyText: 'hi' })]);
    wrap(<App />);
    await screen.findByRole('heading', { name: 'My work' });
    act(() => hub.push('offer/new', offer({ offerId: 'offer-2', conversationId: 12 })));
    const dialog = await screen.findByRole('alertdialog');
    const column = screen.getByRole('navigation', { name: 'Work and queues' });
    expect(column.contains(dialog)).toBe(true);
    // It comes before My work in the column: it pushes the list down instead of covering anything.
    const myWork = screen.getByRole('heading', { name: 'My work' });
    expect(dialog.compareDocumentPosition(myWork) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(screen.getByRole('main').contains(dialog)).toBe(false);
  });
});

describe('what a chat visitor typed', () => {
  it('is shown marked not verified, and the matching customer is a link the agent confirms', async () => {
    const first = message({
      bodyText: 'is my refund through?',
      meta: { prechat: { name: 'Dana', email: 'dana@example.com', phone: null, verified: false } },
    });
    const suggestion = {
      id: 5,
      customerA: { id: 1, displayName: 'Dana Whitfield' },
      customerB: { id: customer.id, displayName: 'Dana' },
      reason: 'web chat pre-chat form: the visitor typed the email address dana@example.com (not verified)',
      identity: null,
      status: 'open' as const,
      createdAt: Date.now(),
      resolvedAt: null,
    };
    const { hub, wrap } = setup([first], 'chat', {
      'customer/suggestions': ok([suggestion]),
      'customer/merge': ok({
        id: 9,
        survivorId: 1,
        mergedId: customer.id,
        at: Date.now(),
        byAgentId: agent.id,
        rule: null,
        reason: 'x',
        undoneAt: null,
      } as never),
    });
    wrap(<ConversationView />);
    const claims = await screen.findByRole('region', { name: /The visitor typed/ });
    expect(within(claims).getByText('not verified')).toBeTruthy();
    expect(within(claims).getByText('dana@example.com')).toBeTruthy();
    // Nothing is merged until the agent says so.
    expect(hub.calls.some((c) => c.name === 'customer/merge')).toBe(false);
    (await within(claims).findByRole('button', { name: 'Link to Dana Whitfield' })).click();
    await waitFor(() => expect(hub.calls.some((c) => c.name === 'customer/merge')).toBe(true));
    expect(hub.calls.find((c) => c.name === 'customer/merge')?.input).toMatchObject({
      survivorId: 1,
      mergedId: customer.id,
      suggestionId: 5,
    });
  });
});

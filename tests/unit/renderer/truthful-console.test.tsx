// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import type { ReactNode } from 'react';
import { Provider } from 'react-redux';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sessionResumed } from '../../../renderer/features/session/sessionSlice';
import { AgentGrid } from '../../../renderer/features/supervision/AgentGrid';
import { ConversationControl } from '../../../renderer/features/supervision/ConversationControl';
import { MonitorPanel } from '../../../renderer/features/supervision/MonitorPanel';
import type { CommandOutput, Conversation, ConversationLookupHit } from '../../../services/contracts';
import { agent, conversation, customer, fakeHub, message, ok, session } from '../../support/fakeHub';

beforeEach(() => localStorage.clear());
afterEach(cleanup);

const supervisor = { ...agent, id: 1, username: 'sue', displayName: 'Sue Supervisor', role: 'supervisor' as const };

function setup(handlers: Parameters<typeof fakeHub>[0]) {
  const hub = fakeHub({
    'telephony/status': ok({ enabled: false, sms: { ok: false, detail: 'off' }, voice: { ok: false, detail: 'off' }, numbers: [] }),
    ...handlers,
  });
  hub.store.dispatch(sessionResumed({ ...session, agent: supervisor }));
  hub.status('connected');
  const wrap = (ui: ReactNode) => render(<Provider store={hub.store}>{ui}</Provider>);
  return { hub, wrap };
}

const hit = (over: Partial<Conversation>, preview: string): ConversationLookupHit => ({
  conversation: conversation(over),
  customer: { id: customer.id, displayName: customer.displayName, identities: customer.identities },
  preview,
  agentName: 'Ann Agent',
});

describe('conversation control', () => {
  it('finds a conversation by customer, previews it, and turns off what cannot apply to an ended one, saying why', async () => {
    const ended = conversation({ id: 31, state: 'abandoned', assignedAgentId: null, closedAt: Date.now() });
    const { hub, wrap } = setup({
      'supervisor/findConversations': ok([
        hit({ id: 31, state: 'abandoned' }, 'my parcel is late'),
        hit({ id: 32, state: 'queued' }, 'hello again'),
      ]),
      'conversation/get': (input) => {
        const id = (input as { conversationId: number }).conversationId;
        const c = id === 31 ? ended : conversation({ id, state: 'queued', assignedAgentId: null });
        return {
          ok: true,
          data: { conversation: c, customer, messages: [message({ conversationId: id, bodyText: 'my parcel is late' })] },
        };
      },
    });
    wrap(
      <ConversationControl
        conversationId={null}
        queues={[{ queueId: 'support', name: 'Support' }]}
        agents={[]}
        onMonitor={() => undefined}
      />,
    );
    // No bare number box: a search.
    expect(screen.queryByLabelText('Conversation #')).toBeNull();
    fireEvent.change(screen.getByLabelText('Find a conversation'), { target: { value: 'Dana' } });
    const list = await screen.findByRole('list', { name: 'Conversations found' });
    await waitFor(() => expect(hub.calls.some((c) => c.name === 'supervisor/findConversations')).toBe(true));
    expect(hub.calls.find((c) => c.name === 'supervisor/findConversations')?.input).toEqual({ query: 'Dana', limit: 12 });
    const first = within(list).getAllByRole('button')[0]!;
    expect(first.textContent).toContain('Dana Whitfield');
    expect(first.textContent).toContain('#31');
    expect(first.textContent).toContain('ended');
    expect(first.textContent).toContain('my parcel is late');
    fireEvent.click(first);

    const picked = await screen.findByLabelText('Selected conversation');
    await within(picked).findByText('Dana Whitfield');
    await screen.findByText('This conversation has ended: there is nothing to move or reassign.');
    for (const name of ['Move to queue', 'Raise priority', 'Reassign'])
      expect(screen.getByRole<HTMLButtonElement>('button', { name }).disabled).toBe(true);
    expect(screen.getByRole('button', { name: 'Reassign' }).title).toMatch(/has ended/);
  });
});

const chat = (state: Conversation['state']): CommandOutput<'conversation/get'> => ({
  conversation: conversation({ id: 41, state, assignedAgentId: state === 'active' ? 7 : null }),
  customer,
  messages: [
    message({ conversationId: 41, bodyText: 'where is my parcel' }),
    message({ conversationId: 41, bodyText: 'The visitor ended the chat.', meta: { system: 'ended' } }),
  ],
});

describe('monitor panel', () => {
  it('turns barge off on a chat whose visitor has left, and whisper and barge off on an ended one, with the reason', async () => {
    let state: Conversation['state'] = 'active';
    const { hub, wrap } = setup({
      'supervisor/monitor': ok({ conversation: chat('active').conversation, messages: [] }),
      'conversation/get': () => ({ ok: true, data: chat(state) }),
    });
    wrap(<MonitorPanel conversationId={41} onClose={() => undefined} />);
    const log = await screen.findByRole('list', { name: 'Monitored messages' });
    await within(log).findByText(/The visitor ended the chat ·/);
    fireEvent.change(screen.getByLabelText('Whisper to the agent, or barge in to the customer'), { target: { value: 'hi' } });
    expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Whisper' }).disabled).toBe(false);
    expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Barge in (customer sees it)' }).disabled).toBe(true);
    expect(screen.getByText(/^Barge is off: The visitor ended the chat at/)).toBeTruthy();

    state = 'abandoned';
    act(() => hub.push('conversation/updated', chat('abandoned').conversation));
    await waitFor(() => expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Whisper' }).disabled).toBe(true));
    expect(screen.getByText(/Whisper and barge are off: No agent holds this conversation \(ended\)/)).toBeTruthy();
  });
});

describe('agent grid', () => {
  it('says "Away (missed offers)" once, without repeating the reason, and shows a ringing offer', () => {
    const { wrap } = setup({});
    wrap(
      <AgentGrid
        rows={[
          {
            agent: { ...agent, presence: 'away_missed', state: 'away_missed', awayReason: 'missed offers', missedOffers: 3 },
            conversations: [],
          },
          { agent: { ...agent, id: 8, displayName: 'Bob', presence: 'away', state: 'away', awayReason: 'Lunch' }, conversations: [] },
          { agent: { ...agent, id: 9, displayName: 'Cy', load: { voice: 0, chat: 1, email: 0, sms: 0 } }, conversations: [] },
        ]}
        onMonitor={() => undefined}
        onControl={() => undefined}
      />,
    );
    const ann = screen.getByRole('row', { name: 'Ann Agent' });
    expect(within(ann).getAllByRole('cell')[0]!.textContent).toBe('Away (missed offers)');
    expect(within(screen.getByRole('row', { name: 'Bob' })).getAllByRole('cell')[0]!.textContent).toBe('Away · Lunch');
    // An offer ringing is not work held: still available, and the grid says an offer rings.
    expect(within(screen.getByRole('row', { name: 'Cy' })).getAllByRole('cell')[0]!.textContent).toBe('Available · offer ringing');
  });
});

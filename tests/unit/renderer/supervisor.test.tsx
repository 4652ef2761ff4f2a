// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { Provider } from 'react-redux';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CommandOutput, LiveBoard, WindowFigures } from '../../../services/contracts';
import { App } from '../../../renderer/app/App';
import { sessionResumed } from '../../../renderer/features/session/sessionSlice';
import { SupervisorConsole } from '../../../renderer/features/supervision/SupervisorConsole';
import { agent, fakeHub, ok, session } from '../../support/fakeHub';

beforeEach(() => localStorage.clear());
afterEach(cleanup);

const supervisor = { ...agent, id: 1, username: 'sue', displayName: 'Sue Supervisor', role: 'supervisor' as const };

function figures(over: Partial<WindowFigures> = {}): WindowFigures {
  return {
    arrivals: 10,
    reopened: 0,
    transfersIn: 0,
    transfersOut: 0,
    answered: 8,
    answeredInSl: 7,
    abandoned: 1,
    shortAbandoned: 1,
    serviceLevel: 7 / 9,
    asaMs: 12_000,
    abandonRate: 1 / 9,
    handled: 6,
    ahtMs: 240_000,
    firstResponses: 0,
    frtMs: null,
    ...over,
  };
}

function board(over: Partial<LiveBoard> = {}, now = Date.now()): LiveBoard {
  const forecast = { arrivalsPerHour: 20, ahtSeconds: 80, staffed: 2, predictedServiceLevel: 0.62, agentsNeeded: 3 };
  return {
    at: now,
    queues: [
      {
        queueId: 'support',
        name: 'Support',
        slaSeconds: 60,
        slTargetPercent: 80,
        waiting: 4,
        oldestWaitingSince: now - 95_000,
        agentsAvailable: 1,
        agentsBusy: 2,
        agentsAway: 1,
        today: figures(),
        last30: figures({ serviceLevel: 0.5 }),
        byChannelToday: [
          { channel: 'chat', figures: figures() },
          { channel: 'email', figures: figures({ serviceLevel: 1, frtMs: 600_000 }) },
        ],
        status: { level: 'breach', reasons: ['wait_over_target', 'sl_last30_below_target', 'forecast_below_target'], changesAt: null },
        forecast: { queueId: 'support', ...forecast },
      },
      {
        queueId: 'sales',
        name: 'Sales',
        slaSeconds: 30,
        slTargetPercent: 80,
        waiting: 0,
        oldestWaitingSince: null,
        agentsAvailable: 2,
        agentsBusy: 0,
        agentsAway: 0,
        today: figures({ serviceLevel: 0.95 }),
        last30: figures({ serviceLevel: null }),
        byChannelToday: [],
        status: { level: 'ok', reasons: [], changesAt: null },
        forecast: { queueId: 'sales', ...forecast, predictedServiceLevel: null, agentsNeeded: null },
      },
    ],
    agentsByState: { available: 3, busy: 2, wrap_up: 1, away: 1, away_missed: 0, offline: 4 },
    occupancyToday: { busyMs: 3, idleMs: 1, occupancy: 0.75 },
    series: [
      { at: now - 30 * 60_000, waiting: 3, serviceLevel: 0.9 },
      { at: now - 15 * 60_000, waiting: 6, serviceLevel: 0.6 },
    ],
    ...over,
  };
}

const agentRows = (): CommandOutput<'supervisor/agents'> => [
  {
    agent: { ...agent, id: 7, displayName: 'Ann Agent', state: 'busy', stateSince: Date.now() - 125_000, missedOffers: 2 },
    conversations: [{ conversationId: 41, channel: 'chat', queueId: 'support', state: 'active', since: Date.now() - 65_000 }],
  },
  {
    agent: {
      ...agent,
      id: 8,
      username: 'bob',
      displayName: 'Bob Bloggs',
      presence: 'away',
      state: 'away',
      awayReason: 'lunch',
      missedOffers: 0,
    },
    conversations: [],
  },
];

function setup(handlers: Parameters<typeof fakeHub>[0] = {}) {
  const hub = fakeHub({
    'metrics/live': ok(board()),
    'supervisor/agents': ok(agentRows()),
    'telephony/status': ok({
      enabled: false,
      sms: { ok: false, detail: 'off' },
      voice: { ok: false, detail: 'no Twilio account configured' },
      numbers: [],
    }),
    ...handlers,
  });
  hub.store.dispatch(sessionResumed({ ...session, agent: supervisor }));
  hub.status('connected');
  render(
    <Provider store={hub.store}>
      <SupervisorConsole onDesk={() => undefined} />
    </Provider>,
  );
  return hub;
}

describe('queue board', () => {
  it('shows waiting, oldest wait, SL today / 30 min, abandons, agents and the forecast per queue, with alert colouring', async () => {
    setup();
    const support = await screen.findByRole('rowgroup', { name: 'Queue Support' });
    const row = within(support).getAllByRole('row')[0]!;
    const cells = within(row)
      .getAllByRole('cell')
      .map((c) => c.textContent);
    // waiting, oldest, SL today, SL 30, abandons (short), ASA, AHT, FRT, agents, forecast SL, needed (staffed)
    expect(cells.slice(0, 11)).toEqual(['4', '1:35', '78%', '50%', '1 (1)', '12s', '4m', '—', '1/2/1', '62%', '3 (2)']);
    expect(support.className).toContain('sv-level-breach');
    expect(within(row).getByText('Breach')).toBeTruthy();
    expect(
      within(within(row).getByRole('list', { name: 'Why' }).parentElement!)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(['oldest wait over target', 'SL last 30 min below target', 'forecast SL below target']);
    // One line per channel under the queue; its FRT sits in the FRT column, under the header.
    const email = within(support).getByRole('rowheader', { name: 'Email' }).closest('tr')!;
    const headers = [...screen.getByRole('table', { name: 'Queue board' }).querySelectorAll('thead th')].map((h) => h.textContent);
    const emailCells = [...email.children];
    expect(headers[emailCells.findIndex((c) => c.textContent === '10m') + 1]).toBe('FRT');

    const sales = screen.getByRole('rowgroup', { name: 'Queue Sales' });
    expect(sales.className).not.toContain('sv-level');
    expect(within(sales).getByText('OK')).toBeTruthy();
    // A null SL (nothing offered in 30 min) is a dash, not 0 %.
    expect(
      within(sales)
        .getAllByRole('cell')
        .map((c) => c.textContent)
        .slice(0, 4),
    ).toEqual(['0', '—', '95%', '—']);
    expect(screen.getByLabelText('Agents by state').textContent).toContain('3 available');
    expect(screen.getByLabelText('Agents by state').textContent).toContain('occupancy today 75%');
    expect(screen.getByRole('img', { name: /Waiting and service level today/ })).toBeTruthy();
  });

  it('replaces the board on every push and ignores an older one', async () => {
    const hub = setup();
    await screen.findByRole('rowgroup', { name: 'Queue Support' });
    const later = Date.now() + 1000;
    const next = board({}, later);
    next.queues[0] = {
      ...next.queues[0]!,
      waiting: 17,
      status: { level: 'ok', reasons: [], changesAt: null },
      oldestWaitingSince: null,
      today: figures({ serviceLevel: 0.9 }),
      last30: figures({ serviceLevel: 0.9 }),
    };
    act(() => hub.push('metrics/live', next));
    const support = screen.getByRole('rowgroup', { name: 'Queue Support' });
    await waitFor(() => expect(within(support).getAllByRole('cell')[0]!.textContent).toBe('17'));
    expect(support.className).not.toContain('sv-level');
    act(() => hub.push('metrics/live', board({}, later - 5000)));
    expect(within(support).getAllByRole('cell')[0]!.textContent).toBe('17');
  });
});

describe('agent grid', () => {
  it('lists state, time in state, held conversations with channel and duration, and missed offers', async () => {
    setup();
    const ann = await screen.findByRole('row', { name: 'Ann Agent' });
    const text = ann.textContent ?? '';
    expect(text).toContain('Busy');
    expect(text).toContain('2:05');
    expect(text).toContain('Chat');
    expect(text).toContain('#41');
    expect(text).toContain('1:05');
    expect(within(ann).getAllByRole('cell')[3]!.className).toContain('sv-bad');
    const bob = screen.getByRole('row', { name: 'Bob Bloggs' });
    expect(bob.textContent).toContain('Away');
    expect(bob.textContent).toContain('lunch');
  });

  it('changes an agent state, forces a log-out after confirmation, and follows agent/updated pushes', async () => {
    const hub = setup({
      'supervisor/setAgentPresence': ok({ ...agent, id: 8, presence: 'available', state: 'available' }),
      'supervisor/forceLogout': ok({ ...agent, id: 7, presence: 'offline', state: 'offline' }),
    });
    await screen.findByRole('row', { name: 'Bob Bloggs' });
    fireEvent.change(screen.getByLabelText('Set state of Bob Bloggs'), { target: { value: 'available' } });
    await waitFor(() =>
      expect(hub.calls.find((c) => c.name === 'supervisor/setAgentPresence')?.input).toEqual({ agentId: 8, presence: 'available' }),
    );

    fireEvent.click(screen.getByRole('button', { name: 'Force log-out Ann Agent' }));
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(hub.calls.some((c) => c.name === 'supervisor/forceLogout')).toBe(false);
    fireEvent.click(screen.getByRole('button', { name: 'Force log-out Ann Agent' }));
    fireEvent.click(screen.getByRole('button', { name: 'Confirm log-out of Ann Agent' }));
    await waitFor(() => expect(hub.calls.find((c) => c.name === 'supervisor/forceLogout')?.input).toEqual({ agentId: 7 }));

    act(() =>
      hub.push('agent/updated', {
        ...agent,
        id: 8,
        displayName: 'Bob Bloggs',
        presence: 'available',
        state: 'available',
        stateSince: Date.now(),
      }),
    );
    await waitFor(() => expect(screen.getByRole('row', { name: 'Bob Bloggs' }).textContent).toContain('Available'));
  });

  it('follows conversation/updated pushes in place; board pushes refetch nothing, a newly held conversation refetches once for its time', async () => {
    const hub = setup();
    const ann = await screen.findByRole('row', { name: 'Ann Agent' });
    await within(ann).findByText('#41');
    const fetches = () => hub.calls.filter((c) => c.name === 'supervisor/agents').length;
    const before = fetches();
    act(() => hub.push('metrics/live', board({}, Date.now() + 1000)));
    await new Promise((r) => setTimeout(r, 1200));
    expect(fetches()).toBe(before);

    const chat = {
      id: 41,
      channel: 'chat' as const,
      customerId: 3,
      queueId: 'support',
      priority: 0,
      subject: null,
      threadKey: null,
      lastAgentId: 7,
      createdAt: 0,
      enqueuedAt: 0,
      firstResponseAt: null,
      closedAt: null,
      disposition: null,
    };
    act(() => hub.push('conversation/updated', { ...chat, state: 'wrap_up', assignedAgentId: 7 }));
    await within(screen.getByRole('row', { name: 'Ann Agent' })).findByText('wrap-up');
    expect(fetches()).toBe(before);
    act(() => hub.push('conversation/updated', { ...chat, state: 'closed', assignedAgentId: null, closedAt: Date.now() }));
    await waitFor(() => expect(within(screen.getByRole('row', { name: 'Ann Agent' })).queryByText('#41')).toBeNull());
    expect(fetches()).toBe(before);

    act(() => hub.push('conversation/updated', { ...chat, id: 42, state: 'active', assignedAgentId: 8 }));
    await within(screen.getByRole('row', { name: 'Bob Bloggs' })).findByText('#42');
    await waitFor(() => expect(fetches()).toBe(before + 1), { timeout: 2000 });
  });

  it('edits skills and capacity, refusing an invalid level before calling the hub', async () => {
    const hub = setup({ 'supervisor/updateAgent': ok({ ...agent, id: 7 }) });
    await screen.findByRole('row', { name: 'Ann Agent' });
    fireEvent.click(screen.getByRole('button', { name: 'Skills and capacity of Ann Agent' }));
    const dialog = screen.getByRole('dialog');
    fireEvent.change(within(dialog).getByLabelText(/Skills/), { target: { value: 'billing=11' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    await within(dialog).findByRole('alert');
    expect(hub.calls.some((c) => c.name === 'supervisor/updateAgent')).toBe(false);

    fireEvent.change(within(dialog).getByLabelText(/Skills/), { target: { value: 'billing=4\nspanish=7' } });
    fireEvent.change(within(dialog).getByLabelText('chat'), { target: { value: '5' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() =>
      expect(hub.calls.find((c) => c.name === 'supervisor/updateAgent')?.input).toEqual({
        agentId: 7,
        skills: { billing: 4, spanish: 7 },
        capacity: { voice: 1, chat: 5, email: 2, sms: 3 },
      }),
    );
  });

  it('monitors a held chat read-only and whispers to the agent', async () => {
    const hub = setup({
      'supervisor/monitor': ok({ conversation: { id: 41 } as never, messages: [] }),
      'conversation/get': ok({
        conversation: {
          id: 41,
          channel: 'chat',
          customerId: 3,
          queueId: 'support',
          state: 'active',
          priority: 0,
          subject: null,
          threadKey: null,
          assignedAgentId: 7,
          lastAgentId: 7,
          createdAt: 0,
          enqueuedAt: 0,
          firstResponseAt: null,
          closedAt: null,
          disposition: null,
        },
        customer: { id: 3, displayName: 'Dana', identities: [] },
        messages: [
          {
            id: 1,
            conversationId: 41,
            direction: 'in',
            authorAgentId: null,
            bodyText: 'where is my parcel',
            bodyHtml: null,
            providerId: null,
            status: null,
            meta: {},
            createdAt: Date.now(),
          },
        ],
      }),
      'supervisor/whisper': ok({
        id: 2,
        conversationId: 41,
        direction: 'note',
        authorAgentId: 1,
        bodyText: 'offer a refund',
        bodyHtml: null,
        providerId: null,
        status: null,
        meta: { kind: 'whisper' },
        createdAt: Date.now(),
      }),
    });
    const ann = await screen.findByRole('row', { name: 'Ann Agent' });
    fireEvent.click(within(ann).getByRole('button', { name: 'Monitor' }));
    const log = await screen.findByRole('list', { name: 'Monitored messages' });
    await within(log).findByText('where is my parcel');
    expect(hub.calls.find((c) => c.name === 'supervisor/monitor')?.input).toEqual({ conversationId: 41, on: true });
    fireEvent.change(screen.getByLabelText(/Whisper to the agent/), { target: { value: 'offer a refund' } });
    fireEvent.click(screen.getByRole('button', { name: 'Whisper' }));
    await waitFor(() =>
      expect(hub.calls.find((c) => c.name === 'supervisor/whisper')?.input).toEqual({ conversationId: 41, text: 'offer a refund' }),
    );
    act(() =>
      hub.push('message/new', {
        id: 2,
        conversationId: 41,
        direction: 'note',
        authorAgentId: 1,
        bodyText: 'offer a refund',
        bodyHtml: null,
        providerId: null,
        status: null,
        meta: { kind: 'whisper' },
        createdAt: Date.now(),
      }),
    );
    await within(log).findByText('Whisper from a supervisor');
    expect(within(log).getByText('not visible to the customer')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Stop monitoring' }));
    await waitFor(() =>
      expect(hub.calls.filter((c) => c.name === 'supervisor/monitor').at(-1)?.input).toEqual({ conversationId: 41, on: false }),
    );
  });
});

describe('role gate', () => {
  it('an agent gets the desk, a supervisor lands on the console and can switch to the desk', async () => {
    const asAgent = fakeHub({});
    asAgent.store.dispatch(sessionResumed(session));
    const { unmount } = render(
      <Provider store={asAgent.store}>
        <App />
      </Provider>,
    );
    expect(screen.queryByRole('heading', { name: 'Supervisor console' })).toBeNull();
    expect(screen.getByRole('heading', { name: 'My work' })).toBeTruthy();
    unmount();

    const asSupervisor = fakeHub({ 'metrics/live': ok(board()), 'supervisor/agents': ok(agentRows()) });
    asSupervisor.store.dispatch(sessionResumed({ ...session, agent: supervisor }));
    render(
      <Provider store={asSupervisor.store}>
        <App />
      </Provider>,
    );
    expect(screen.getByRole('heading', { name: 'Supervisor console' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Agent desk' }));
    expect(screen.getByRole('heading', { name: 'My work' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Supervisor console' }));
    expect(screen.getByRole('heading', { name: 'Supervisor console' })).toBeTruthy();
  });
});

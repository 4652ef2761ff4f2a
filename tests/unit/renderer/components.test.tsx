// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { Provider } from 'react-redux';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConnectionBanner } from '../../../renderer/app/ConnectionBanner';
import { Composer } from '../../../renderer/features/conversation/Composer';
import { ConversationView } from '../../../renderer/features/conversation/ConversationView';
import { OfferToast } from '../../../renderer/features/offers/OfferToast';
import { sessionResumed } from '../../../renderer/features/session/sessionSlice';
import { Worklist } from '../../../renderer/features/worklist/Worklist';
import { conversationSelected } from '../../../renderer/features/worklist/worklistSlice';
import { agent, conversation, customer, fakeHub, message, offer, ok, session } from '../../support/fakeHub';

beforeEach(() => localStorage.clear());
afterEach(cleanup);

const queueRow = {
  queue: { id: 'support', name: 'Support', channels: ['chat', 'email'] as const, skills: {}, slaSeconds: 60, priority: 0 },
  stats: {
    queueId: 'support',
    waiting: 2,
    oldestWaitingSince: Date.now() - 30_000,
    offered: 1,
    active: 0,
    agentsAvailable: 1,
    agentsBusy: 0,
    agentsAway: 0,
  },
  eligible: true,
};

function setup(handlers: Parameters<typeof fakeHub>[0] = {}) {
  const hub = fakeHub({
    'session/me': ok({ agent, dispositions: ['resolved', 'follow_up'] }),
    'queue/list': ok([{ ...queueRow, queue: { ...queueRow.queue, channels: [...queueRow.queue.channels] } }]),
    'conversation/mine': ok({ conversations: [conversation(), conversation({ id: 12, channel: 'sms' })], offers: [] }),
    'conversation/get': (input) => {
      const id = (input as { conversationId: number }).conversationId;
      return {
        ok: true,
        data: {
          conversation: conversation({ id, channel: id === 12 ? 'sms' : 'chat' }),
          customer,
          messages: [message({ conversationId: id, bodyText: `hello from ${id}` })],
        },
      };
    },
    ...handlers,
  });
  hub.store.dispatch(sessionResumed(session));
  hub.status('connected');
  const wrap = (ui: ReactNode) => render(<Provider store={hub.store}>{ui}</Provider>);
  return { hub, wrap };
}

describe('<OfferToast>', () => {
  it('shows channel, customer, queue, wait and countdown, and accepts with Alt+A', async () => {
    const { hub, wrap } = setup({ 'offer/accept': ok(conversation()) });
    wrap(<OfferToast />);
    act(() => hub.push('offer/new', offer()));
    const toast = await screen.findByRole('alertdialog', { name: 'Dana Whitfield' });
    expect(toast.textContent).toContain('Chat');
    await waitFor(() => expect(toast.textContent).toContain('Support'));
    expect(toast.textContent).toMatch(/Waiting0:4\d/);
    expect(toast.textContent).toMatch(/0:(19|20)/);
    expect(toast.textContent).toContain('my parcel is late');

    fireEvent.keyDown(window, { key: 'a', code: 'KeyA', altKey: true });
    await waitFor(() => expect(screen.queryByRole('alertdialog')).toBeNull());
    expect(hub.calls.filter((c) => c.name === 'offer/accept')).toEqual([{ name: 'offer/accept', input: { offerId: 'offer-1' } }]);
    expect(hub.store.getState().worklist.selectedId).toBe(11);
  });

  it('rejects with Alt+R and disables its buttons while the hub is unreachable', async () => {
    const { hub, wrap } = setup({ 'offer/reject': ok({ rejected: true as const }) });
    wrap(<OfferToast />);
    act(() => hub.push('offer/new', offer()));
    await screen.findByRole('alertdialog');
    act(() => hub.status('reconnecting', 'lost'));
    expect(screen.getByRole<HTMLButtonElement>('button', { name: /Accept/ }).disabled).toBe(true);
    fireEvent.keyDown(window, { key: 'r', code: 'KeyR', altKey: true });
    expect(hub.calls.some((c) => c.name === 'offer/reject')).toBe(false);
    act(() => hub.status('connected'));
    act(() => hub.push('offer/new', offer({ offerId: 'offer-2' })));
    await screen.findByRole('alertdialog');
    fireEvent.keyDown(window, { key: 'r', code: 'KeyR', altKey: true });
    await waitFor(() => expect(hub.calls.filter((c) => c.name === 'offer/reject')).toHaveLength(1));
  });
});

describe('<Composer> and the connection banner', () => {
  it('keeps typing possible and the text intact while offline, and says so', () => {
    const { hub, wrap } = setup();
    wrap(
      <>
        <ConnectionBanner />
        <Composer conversationId={11} channel="chat" />
      </>,
    );
    act(() => hub.status('reconnecting', 'lost the connection to the hub; reconnecting'));
    expect(screen.getByRole('status').textContent).toContain('everything you type is kept');
    const box = screen.getByRole<HTMLTextAreaElement>('textbox', { name: /Reply to the customer/ });
    fireEvent.change(box, { target: { value: 'typed while the hub was down' } });
    expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Send' }).disabled).toBe(true);
    expect(screen.getByText(/Offline — your text is kept/)).toBeTruthy();
    act(() => hub.status('connected'));
    expect(screen.queryByRole('status')).toBeNull();
    expect(box.value).toBe('typed while the hub was down');
    expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Send' }).disabled).toBe(false);
  });

  it('sends an internal note with Ctrl+Enter and shows the hub error for a refused reply', async () => {
    const { hub, wrap } = setup({
      'message/send': (input) =>
        (input as { internal?: boolean }).internal
          ? { ok: true, data: message({ direction: 'note', bodyText: 'note text' }) }
          : {
              ok: false,
              error: {
                code: 'channel_unavailable',
                message: "Web chat isn't set up on this hub yet. An administrator can set it up under Admin → Channels.",
              },
            },
    });
    wrap(<Composer conversationId={11} channel="chat" />);
    const box = screen.getByRole<HTMLTextAreaElement>('textbox', { name: /Reply to the customer/ });
    fireEvent.change(box, { target: { value: 'note text' } });
    fireEvent.keyDown(box, { key: 'Enter', ctrlKey: true });
    await screen.findByRole('alert');
    expect(screen.getByRole('alert').textContent).toContain("Web chat isn't set up on this hub yet");
    expect(box.value).toBe('note text');

    fireEvent.click(screen.getByRole('radio', { name: 'Internal note' }));
    fireEvent.keyDown(screen.getByRole('textbox', { name: /Internal note/ }), { key: 'Enter', ctrlKey: true });
    await waitFor(() => expect(screen.getByRole<HTMLTextAreaElement>('textbox', { name: /Internal note/ }).value).toBe(''));
    expect(hub.calls.filter((c) => c.name === 'message/send').map((c) => c.input)).toEqual([
      { conversationId: 11, bodyText: 'note text', internal: false },
      { conversationId: 11, bodyText: 'note text', internal: true },
    ]);
  });
});

describe('<Worklist>', () => {
  it('lists conversations across channels with unread markers, SLA, and arrow-key selection', async () => {
    const { hub, wrap } = setup();
    wrap(<Worklist />);
    const list = await screen.findByRole('listbox', { name: 'My work' });
    await waitFor(() => expect(screen.getAllByRole('option')).toHaveLength(2));
    await waitFor(() => expect(hub.store.getState().worklist.selectedId).toBe(11));
    act(() => hub.push('message/new', message({ conversationId: 12, bodyText: 'sms reply' })));
    await screen.findByLabelText('1 unread');
    expect(screen.getAllByText(/SLA 0:5\d/).length).toBe(2);

    fireEvent.keyDown(list, { key: 'ArrowDown' });
    expect(hub.store.getState().worklist.selectedId).toBe(12);
    await waitFor(() => expect(screen.queryByLabelText('1 unread')).toBeNull());
    expect(screen.getAllByRole('option')[1]?.getAttribute('aria-selected')).toBe('true');
  });
});

describe('<ConversationView> wrap-up and transfer', () => {
  it('wraps up, requires a disposition, then closes with the note', async () => {
    const { hub, wrap } = setup({
      'conversation/wrapUp': ok(conversation({ state: 'wrap_up' })),
      'conversation/close': ok(conversation({ state: 'closed', assignedAgentId: null, disposition: 'resolved' })),
    });
    hub.store.dispatch(conversationSelected(11));
    wrap(<ConversationView />);
    fireEvent.click(await screen.findByRole('button', { name: 'Wrap up' }));
    await screen.findByRole('heading', { name: 'Wrap-up' });
    const close = screen.getByRole<HTMLButtonElement>('button', { name: 'Close conversation' });
    expect(close.disabled).toBe(true);
    fireEvent.click(await screen.findByRole('radio', { name: 'Resolved' }));
    fireEvent.change(screen.getByLabelText(/Wrap-up note/), { target: { value: 'refund issued' } });
    fireEvent.click(close);
    await waitFor(() => expect(hub.calls.some((c) => c.name === 'conversation/close')).toBe(true));
    expect(hub.calls.find((c) => c.name === 'conversation/close')?.input).toEqual({
      conversationId: 11,
      disposition: 'resolved',
      note: 'refund issued',
    });
  });

  it('transfers to a queue from a modal dialog that traps focus and closes on Escape', async () => {
    const { hub, wrap } = setup({ 'conversation/transfer': ok(conversation({ state: 'queued', assignedAgentId: null })) });
    hub.store.dispatch(conversationSelected(11));
    wrap(<ConversationView />);
    const opener = await screen.findByRole('button', { name: 'Transfer' });
    fireEvent.click(opener);
    const dialog = await screen.findByRole('dialog', { name: 'Transfer conversation' });
    expect(dialog.getAttribute('aria-modal')).toBe('true');
    expect(dialog.contains(document.activeElement)).toBe(true);
    fireEvent.keyDown(dialog, { key: 'Escape' });
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());

    fireEvent.click(screen.getByRole('button', { name: 'Transfer' }));
    await screen.findByRole('dialog');
    fireEvent.change(screen.getByLabelText(/Note for the next agent/), { target: { value: 'billing question' } });
    fireEvent.click(screen.getAllByRole('button', { name: 'Transfer' }).at(-1)!);
    await waitFor(() => expect(hub.calls.some((c) => c.name === 'conversation/transfer')).toBe(true));
    expect(hub.calls.find((c) => c.name === 'conversation/transfer')?.input).toEqual({
      conversationId: 11,
      to: { queueId: 'support' },
      note: 'billing question',
    });
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });

  it('says why voice controls are disabled when calling is not configured', async () => {
    const { hub, wrap } = setup({
      'conversation/get': ok({ conversation: conversation({ channel: 'voice' }), customer, messages: [] }),
      'telephony/status': ok({
        enabled: false,
        sms: { ok: false, detail: 'the telephony module is not loaded on this hub' },
        voice: { ok: false, detail: 'the telephony module is not loaded on this hub' },
        numbers: [],
      }),
    });
    hub.store.dispatch(conversationSelected(11));
    wrap(<ConversationView />);
    const mute = await screen.findByRole<HTMLButtonElement>('button', { name: 'Mute' });
    expect(mute.disabled).toBe(true);
    const reason = document.getElementById(mute.getAttribute('aria-describedby') ?? '');
    await waitFor(() => expect(reason?.textContent).toMatch(/Calling is not available on this hub: the telephony module is not loaded/));
  });
});

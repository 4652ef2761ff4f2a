// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import type { ReactNode } from 'react';
import { Provider } from 'react-redux';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CommandOutput, CustomerProfile, DuplicateSuggestion, MergeRecord, TimelineItem } from '../../../services/contracts';
import { ConversationView } from '../../../renderer/features/conversation/ConversationView';
import { CustomerSearch } from '../../../renderer/features/customers/CustomerSearch';
import { sessionResumed } from '../../../renderer/features/session/sessionSlice';
import { conversationSelected } from '../../../renderer/features/worklist/worklistSlice';
import { readAttachment } from '../../../renderer/features/email/attachmentFiles';
import { hubFileUrl } from '../../../renderer/features/webchat/attachments';
import { agent, conversation, customer, fakeHub, message, ok, session } from '../../support/fakeHub';

// happy-dom has no layout: the history's scroll box reports the size a real panel would (see renderer-customer-timeline).
const size = (el: Element, row: number): number => (el.classList.contains('timeline-scroll') ? 340 : row);
beforeEach(() => {
  localStorage.clear();
  vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockImplementation(function (this: Element) {
    return size(this, 0);
  });
  vi.spyOn(HTMLElement.prototype, 'offsetHeight', 'get').mockImplementation(function (this: HTMLElement) {
    return size(this, 76);
  });
});
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

const profile = (over: Partial<CustomerProfile> = {}): CustomerProfile => ({
  id: customer.id,
  displayName: customer.displayName,
  company: 'Whitfield Ltd',
  attributes: { tier: 'gold', since: '2021-04-01' },
  tags: ['vip'],
  createdAt: Date.now() - 86_400_000,
  updatedAt: null,
  mergedInto: null,
  identities: [
    { id: 1, kind: 'email', value: 'dana@example.com', shared: false, createdAt: 0 },
    { id: 2, kind: 'phone', value: '+15551230000', shared: false, createdAt: 0 },
  ],
  ...over,
});

const timelineItem = (over: Partial<TimelineItem>): TimelineItem => ({
  conversationId: 1,
  channel: 'email',
  state: 'closed',
  queueId: 'support',
  subject: null,
  firstLine: null,
  agentId: 7,
  agentName: 'Ann Agent',
  disposition: 'resolved',
  createdAt: Date.now() - 3_600_000,
  closedAt: Date.now() - 3_000_000,
  messageCount: 3,
  noteCount: 0,
  notes: [],
  ...over,
});

const suggestion: DuplicateSuggestion = {
  id: 5,
  customerA: { id: customer.id, displayName: customer.displayName },
  customerB: { id: 9, displayName: 'D. Whitfield' },
  reason: 'chat visitor gave email dana@example.com, which belongs to customer #3',
  identity: { kind: 'email', value: 'dana@example.com' },
  status: 'open',
  createdAt: Date.now(),
  resolvedAt: null,
};

const mergeRecord: MergeRecord = {
  id: 44,
  at: Date.now(),
  byAgentId: agent.id,
  rule: null,
  reason: 'Agent confirmed',
  survivorId: customer.id,
  mergedId: 9,
  moved: { identities: [], conversations: [], notes: [], tags: [], attributes: [], company: null },
  undoneAt: null,
  undoneByAgentId: null,
  undoReason: null,
};

const telephonyOff = ok({
  enabled: false,
  sms: { ok: false, detail: "Phone calls and text messages aren't set up on this hub yet." },
  voice: { ok: false, detail: "Phone calls and text messages aren't set up on this hub yet." },
  numbers: [],
});

function setup(
  channel: 'chat' | 'sms' | 'email' | 'voice',
  handlers: Parameters<typeof fakeHub>[0] = {},
  messages = [message({ bodyText: 'hello there' })],
) {
  let customerGets = 0;
  const hub = fakeHub({
    'session/me': ok({ agent, dispositions: ['resolved'] }),
    'conversation/mine': ok({ conversations: [conversation({ channel })], offers: [] }),
    'conversation/get': ok({ conversation: conversation({ channel }), customer, messages }),
    'customer/get': () => {
      customerGets += 1;
      return {
        ok: true,
        data: {
          customer: profile(),
          notes: [
            {
              id: 1,
              customerId: customer.id,
              authorAgentId: 7,
              authorName: 'Ann Agent',
              body: 'Prefers email',
              createdAt: Date.now() - 1000,
            },
          ],
          merges: [],
          suggestions: [],
          attributeDefs: [{ key: 'tier', label: 'Tier', type: 'choice', choices: ['gold'], category: null }],
        },
      };
    },
    'customer/timeline': (input) => {
      const { cursor, channels } = input as { cursor?: string; channels?: string[] };
      if (channels)
        return {
          ok: true,
          data: { items: [timelineItem({ conversationId: 30, channel: 'sms', firstLine: 'sms only' })], nextCursor: null },
        };
      return cursor
        ? {
            ok: true,
            data: { items: [timelineItem({ conversationId: 2, channel: 'sms', firstLine: 'Where is my parcel?' })], nextCursor: null },
          }
        : {
            ok: true,
            data: {
              items: [
                timelineItem({ conversationId: 11, channel, state: 'active', firstLine: 'hello there' }),
                timelineItem({ conversationId: 4, channel: 'email', subject: 'Refund for order 4417', firstLine: 'I would like a refund' }),
              ],
              nextCursor: '1700000000000:4',
            },
          };
    },
    'customer/suggestions': ok([suggestion]),
    'customer/backOffice': ok({
      panels: [
        {
          connectorId: 'orders',
          label: 'Orders',
          state: 'ok',
          items: [
            {
              kind: 'order',
              ref: '4417',
              title: 'Blue kettle',
              status: 'shipped',
              amount: '39.00 EUR',
              date: '2026-11-01',
              url: 'javascript:alert(1)',
            },
          ],
          error: null,
          fetchedAt: Date.now(),
          cached: false,
        },
        {
          connectorId: 'billing',
          label: 'Billing',
          state: 'error',
          items: [],
          error: 'timed out after 3000 ms',
          fetchedAt: Date.now(),
          cached: false,
        },
        { connectorId: 'crm', label: 'CRM', state: 'not_applicable', items: [], error: null, fetchedAt: Date.now(), cached: false },
      ],
    }),
    'telephony/status': telephonyOff,
    ...handlers,
  });
  hub.store.dispatch(sessionResumed(session));
  hub.status('connected');
  hub.store.dispatch(conversationSelected(11));
  const wrap = (ui: ReactNode) => render(<Provider store={hub.store}>{ui}</Provider>);
  return { hub, wrap, customerGets: () => customerGets };
}

describe('customer 360 panel', () => {
  it('shows identities, attributes, tags, notes, back office states and the cross-channel history', async () => {
    const { hub, wrap } = setup('chat');
    wrap(<ConversationView />);
    const panel = await screen.findByRole('complementary');
    await within(panel).findByText('+15551230000');
    expect(within(panel).getByText('Tier')).toBeTruthy();
    expect(within(panel).getByText('gold')).toBeTruthy();
    expect(within(panel).getByText('vip')).toBeTruthy();
    expect(within(panel).getByText('Prefers email')).toBeTruthy();
    // back office: ok with a link that is not http(s) -> plain text; error and not-applicable in words
    await within(panel).findByText('order 4417');
    expect(within(panel).getByText('order 4417').closest('a')).toBeNull();
    expect(within(panel).getByText(/Billing could not be reached: timed out after 3000 ms/)).toBeTruthy();
    expect(within(panel).getByText(/Not applicable/)).toBeTruthy();
    // history from customer/timeline, the open one marked; the next page comes by cursor
    await within(panel).findByText('Refund for order 4417');
    expect(within(panel).getByText('This conversation')).toBeTruthy();
    await within(panel).findByText('Where is my parcel?');
    const pages = hub.calls.filter((c) => c.name === 'customer/timeline').map((c) => c.input);
    expect(pages).toContainEqual({ customerId: customer.id, limit: 50, cursor: '1700000000000:4' });
  });

  it('filters the history by channel', async () => {
    const { hub, wrap } = setup('chat');
    wrap(<ConversationView />);
    const filter = await screen.findByRole('group', { name: 'Show channels' });
    fireEvent.click(within(filter).getByRole('button', { name: 'SMS' }));
    await screen.findByText('sms only');
    expect(
      hub.calls.some((c) => c.name === 'customer/timeline' && JSON.stringify((c.input as { channels?: string[] }).channels) === '["sms"]'),
    ).toBe(true);
  });

  it('adds a customer note and edits tags with the full tag set', async () => {
    const { hub, wrap } = setup('chat', {
      'customer/addNote': ok({
        id: 2,
        customerId: customer.id,
        authorAgentId: 7,
        authorName: 'Ann',
        body: 'Call after 5pm',
        createdAt: Date.now(),
      }),
      'customer/update': ok(profile({ tags: ['vip', 'late-parcel'] })),
    });
    wrap(<ConversationView />);
    const note = await screen.findByLabelText('Note about this customer');
    fireEvent.change(note, { target: { value: 'Call after 5pm' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save note' }));
    await waitFor(() =>
      expect(hub.calls.find((c) => c.name === 'customer/addNote')?.input).toEqual({ customerId: customer.id, body: 'Call after 5pm' }),
    );
    await waitFor(() => expect((note as HTMLTextAreaElement).value).toBe(''));

    fireEvent.change(screen.getByLabelText('New tag'), { target: { value: 'late-parcel' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add' }));
    await waitFor(() =>
      expect(hub.calls.find((c) => c.name === 'customer/update')?.input).toEqual({ customerId: customer.id, tags: ['vip', 'late-parcel'] }),
    );
  });

  it('merges a suggested duplicate into this customer and undoes it', async () => {
    const { hub, wrap } = setup('chat', {
      'customer/merge': ok(mergeRecord),
      'customer/unmerge': ok({ merge: { ...mergeRecord, undoneAt: Date.now() }, survivor: profile(), restored: profile({ id: 9 }) }),
    });
    wrap(<ConversationView />);
    await screen.findByText(suggestion.reason);
    fireEvent.click(screen.getByRole('button', { name: 'Merge records' }));
    await screen.findByText(/Merged customer #9 into #3/);
    expect(hub.calls.find((c) => c.name === 'customer/merge')?.input).toEqual({
      survivorId: customer.id,
      mergedId: 9,
      suggestionId: 5,
      reason: `Agent confirmed: ${suggestion.reason}`,
    });
    fireEvent.click(screen.getByRole('button', { name: 'Undo merge' }));
    await waitFor(() =>
      expect(hub.calls.find((c) => c.name === 'customer/unmerge')?.input).toEqual({
        mergeId: 44,
        reason: 'Undone by the agent from the customer panel',
      }),
    );
    await waitFor(() => expect(screen.queryByText(/Merged customer #9 into #3/)).toBeNull());
  });

  it('refetches the profile when customer/changed names this customer, not for others', async () => {
    const { hub, wrap, customerGets } = setup('chat');
    wrap(<ConversationView />);
    await screen.findByText('Prefers email');
    const before = customerGets();
    act(() => hub.push('customer/changed', { customerIds: [999], reason: 'updated' }));
    await new Promise((r) => setTimeout(r, 30));
    expect(customerGets()).toBe(before);
    act(() => hub.push('customer/changed', { customerIds: [customer.id], reason: 'note' }));
    await waitFor(() => expect(customerGets()).toBe(before + 1));
  });

  it('patches a history row from conversation/updated; only a conversation the history lacks refetches it', async () => {
    const { hub, wrap } = setup('chat');
    wrap(<ConversationView />);
    const history = await screen.findByText('hello there');
    const pages = () => hub.calls.filter((c) => c.name === 'customer/timeline').length;
    await waitFor(() => expect(pages()).toBeGreaterThan(0));
    const before = pages();
    act(() => hub.push('conversation/updated', conversation({ id: 11, channel: 'chat', state: 'wrap_up' })));
    await new Promise((r) => setTimeout(r, 30));
    expect(pages()).toBe(before);
    expect(history.isConnected).toBe(true);
    act(() => hub.push('conversation/updated', conversation({ id: 55, channel: 'chat', createdAt: Date.now() })));
    await waitFor(() => expect(pages()).toBe(before + 1));
  });

  it('says why calling is unavailable; Text and Email are offered for a profile with a phone and an email', async () => {
    const { wrap } = setup('chat');
    wrap(<ConversationView />);
    const group = await screen.findByRole('group', { name: 'Contact this customer' });
    const call = within(group).getByRole<HTMLButtonElement>('button', { name: /Call/ });
    expect(call.disabled).toBe(true);
    const reasons = document.getElementById(call.getAttribute('aria-describedby') ?? '')!;
    await waitFor(() =>
      expect(reasons.textContent).toContain("Call: unavailable — Phone calls and text messages aren't set up on this hub yet."),
    );
    expect(within(group).getByRole<HTMLButtonElement>('button', { name: 'Text' }).disabled).toBe(false);
    expect(within(group).getByRole<HTMLButtonElement>('button', { name: 'Email' }).disabled).toBe(false);
  });

  it('Text starts an outbound SMS conversation and selects it; a refusal is shown as the hub words it', async () => {
    const started: unknown[] = [];
    const { wrap, hub } = setup('chat', {
      'conversation/startOutbound': (input) => {
        started.push(input);
        return (input as { channel: string }).channel === 'sms'
          ? { ok: true, data: conversation({ id: 42, channel: 'sms', customerId: customer.id }) }
          : {
              ok: false,
              error: {
                code: 'channel_unavailable',
                message: "Email isn't set up on this hub yet. An administrator can set it up under Admin → Channels.",
              },
            };
      },
    });
    wrap(<ConversationView />);
    const group = await screen.findByRole('group', { name: 'Contact this customer' });
    const email = within(group).getByRole<HTMLButtonElement>('button', { name: 'Email' });
    const text = within(group).getByRole<HTMLButtonElement>('button', { name: 'Text' });
    // Enabled once the profile (with its phone and email) has loaded.
    await waitFor(() => expect(email.disabled).toBe(false));
    fireEvent.click(email);
    expect(
      (await screen.findByText("Email isn't set up on this hub yet. An administrator can set it up under Admin → Channels.")).getAttribute(
        'role',
      ),
    ).toBe('alert');
    expect(hub.store.getState().worklist.selectedId).toBe(11);

    fireEvent.click(text);
    await waitFor(() => expect(hub.store.getState().worklist.selectedId).toBe(42));
    expect(started).toEqual([
      { customerId: customer.id, channel: 'email' },
      { customerId: customer.id, channel: 'sms' },
    ]);
  });
});

describe('customer search', () => {
  it('finds customers and opens a profile with the 360 view', async () => {
    const { hub, wrap } = setup('chat', {
      'customer/search': ok({
        hits: [
          {
            customerId: customer.id,
            displayName: 'Dana Whitfield',
            company: null,
            identities: [{ kind: 'email', value: 'dana@example.com' }],
            score: 100,
            matched: 'identity',
          },
        ],
      }),
    });
    wrap(<CustomerSearch />);
    const box = screen.getByRole('combobox', { name: 'Search customers' });
    fireEvent.focus(box);
    fireEvent.change(box, { target: { value: 'dana@' } });
    const option = await screen.findByRole('option', { name: /Dana Whitfield/ });
    expect(hub.calls.find((c) => c.name === 'customer/search')?.input).toEqual({ query: 'dana@', limit: 20 });
    fireEvent.click(option);
    const dialog = await screen.findByRole('dialog', { name: 'Customer: Dana Whitfield' });
    await within(dialog).findByText('Prefers email');
    await within(dialog).findByText('Refund for order 4417');
  });
});

describe('email composer', () => {
  const inbound = () =>
    message({
      direction: 'in',
      bodyText: 'My kettle arrived broken.',
      meta: {
        email: {
          from: { address: 'dana@example.com', name: 'Dana' },
          to: [{ address: 'support@example.com', name: '' }],
          cc: [{ address: 'partner@example.com', name: '' }],
          replyTo: [],
          subject: 'Broken kettle',
          date: Date.now() - 60_000,
          attachments: [
            { filename: 'photo.jpg', contentType: 'image/jpeg', size: 20480, sha256: 'x', contentId: null, inline: false, error: null },
          ],
        },
      },
    });

  it('sends reply-all with an added Bcc, a canned response, quoting; clears the draft; shows the outbox state as it changes', async () => {
    const original = inbound();
    const sent = message({ id: 900, direction: 'out', bodyText: 'x', status: 'queued' });
    const thanks = {
      id: 3,
      scope: 'shared' as const,
      queueId: null,
      ownerAgentId: null,
      title: 'Thanks for getting in touch',
      shortcut: 'thanks',
      body: 'Thank you for getting in touch, {{customer.firstName}}. I am looking into this for you now.',
      channels: [],
      updatedAt: 1,
    };
    const { hub, wrap } = setup(
      'email',
      {
        'email/send': ok({ message: sent, outboxId: 1, state: 'queued' }),
        'answers/list': ok({ answers: [thanks] }),
        'answers/render': ok({ text: 'Thank you for getting in touch. I am looking into this for you now.', missing: [] }),
      },
      [original],
    );
    wrap(<ConversationView />);
    await screen.findByText(/photo\.jpg/);
    fireEvent.click(screen.getByRole('radio', { name: 'Reply all' }));
    expect(screen.getByLabelText<HTMLInputElement>('Cc').placeholder).toBe('partner@example.com');
    fireEvent.change(screen.getByLabelText('Bcc'), { target: { value: 'audit@example.com' } });
    // `/` opens the saved answers that fit; typing filters them; Enter inserts the hub's rendering.
    const body = screen.getByLabelText<HTMLTextAreaElement>('Reply to the customer by email');
    fireEvent.change(body, { target: { value: '/tha', selectionStart: 4 } });
    const option = await screen.findByRole('option', { name: /\/thanks/ });
    expect(option.getAttribute('aria-selected')).toBe('true');
    fireEvent.keyDown(body, { key: 'Enter' });
    await waitFor(() => expect(body.value).toBe('Thank you for getting in touch. I am looking into this for you now.'));
    expect(hub.calls.find((c) => c.name === 'answers/render')?.input).toEqual({ answerId: 3, conversationId: 11 });
    expect(screen.queryByRole('option')).toBeNull();
    fireEvent.click(screen.getByText('Quoted history'));
    expect(screen.getByText(/> My kettle arrived broken\./)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Send email' }));
    await waitFor(() =>
      expect(hub.calls.find((c) => c.name === 'email/send')?.input).toEqual({
        conversationId: 11,
        mode: 'replyAll',
        messageId: original.id,
        bcc: ['audit@example.com'],
        bodyText: 'Thank you for getting in touch. I am looking into this for you now.',
        quote: true,
      }),
    );
    await waitFor(() => expect(body.value).toBe(''));
    await screen.findByText('In the outbox');
    act(() => hub.push('message/new', { ...sent, status: 'sent' }));
    await screen.findByText('Sent');
    act(() => hub.push('message/new', { ...sent, status: 'failed', meta: { error: '550 mailbox unavailable' } }));
    await screen.findByText(/550 mailbox unavailable/);
    expect(screen.getByRole('button', { name: 'Retry' })).toBeTruthy();
  });

  it('refuses a forward without a valid recipient before asking the hub, and keeps the text', async () => {
    const { hub, wrap } = setup('email', {}, [inbound()]);
    wrap(<ConversationView />);
    fireEvent.click(await screen.findByRole('radio', { name: 'Forward' }));
    fireEvent.change(screen.getByLabelText('To'), { target: { value: 'not-an-address' } });
    fireEvent.change(screen.getByLabelText('Reply to the customer by email'), { target: { value: 'FYI' } });
    fireEvent.click(screen.getByRole('button', { name: 'Forward' }));
    await screen.findByText(/to\.0:/);
    expect(hub.calls.some((c) => c.name === 'email/send')).toBe(false);
    expect(screen.getByLabelText<HTMLTextAreaElement>('Reply to the customer by email').value).toBe('FYI');
  });

  it('reads attachments as base64 and refuses what exceeds the size cap', async () => {
    const small = {
      name: 'C:\\fakepath\\notes.txt',
      type: 'text/plain',
      size: 5,
      arrayBuffer: async () => new TextEncoder().encode('hello').buffer,
    };
    const picked = await readAttachment(small, []);
    expect(picked).toMatchObject({ filename: 'notes.txt', contentType: 'text/plain', contentBase64: 'aGVsbG8=' });
    const big = { name: 'video.mp4', type: 'video/mp4', size: 800_000, arrayBuffer: async () => new ArrayBuffer(0) };
    expect(await readAttachment(big, [])).toMatch(/too large/);
  });
});

describe('chat pane', () => {
  it('shows the visitor typing, sends read receipts and throttled agent typing', async () => {
    const inbound = message({ direction: 'in', bodyText: 'anyone there?' });
    const { hub, wrap } = setup('chat', { 'chat/read': ok({ delivered: true }), 'chat/typing': ok({ delivered: true }) }, [inbound]);
    wrap(<ConversationView />);
    await screen.findByText('anyone there?');
    await waitFor(() =>
      expect(hub.calls.find((c) => c.name === 'chat/read')?.input).toEqual({ conversationId: 11, upToMessageId: inbound.id }),
    );

    act(() => hub.push('chat/visitorTyping', { conversationId: 11, typing: true }));
    await screen.findByText('Dana Whitfield is typing…');
    act(() => hub.push('chat/visitorTyping', { conversationId: 11, typing: false }));
    await waitFor(() => expect(screen.queryByText('Dana Whitfield is typing…')).toBeNull());

    const box = screen.getByRole('textbox', { name: /Reply to the customer/ });
    for (const text of ['H', 'He', 'Hel', 'Hell', 'Hello']) fireEvent.change(box, { target: { value: text } });
    const typing = hub.calls.filter((c) => c.name === 'chat/typing');
    expect(typing).toEqual([{ name: 'chat/typing', input: { conversationId: 11, typing: true } }]);
  });

  it('shows a visitor file as a link and thumbnail on the hub, and refuses links elsewhere', async () => {
    const file = message({
      direction: 'in',
      bodyText: 'Sent a file: receipt.png',
      meta: { attachment: { fileId: 'abc', name: 'receipt.png', contentType: 'image/png', size: 2048, url: '/webchat/files/abc' } },
    });
    const evil = message({
      direction: 'in',
      bodyText: 'Sent a file: x.png',
      meta: { attachment: { fileId: 'x', name: 'x.png', contentType: 'image/png', size: 10, url: 'https://evil.example/webchat/files/x' } },
    });
    const { wrap } = setup('chat', { 'chat/read': ok({ delivered: true }) }, [file, evil]);
    wrap(<ConversationView />);
    const link = await screen.findByRole('link', { name: 'receipt.png' });
    expect(link.getAttribute('href')).toBe(`${session.hubUrl}/webchat/files/abc`);
    expect(link.getAttribute('rel')).toContain('noopener');
    expect(document.querySelector('img.attachment-thumb')?.getAttribute('src')).toBe(`${session.hubUrl}/webchat/files/abc`);
    expect(screen.getAllByRole('link').map((a) => a.textContent)).toEqual(['receipt.png']);
    expect(screen.getByText(/x\.png \(file link refused\)/)).toBeTruthy();
    expect(hubFileUrl('javascript:alert(1)', session.hubUrl)).toBeNull();
  });
});

describe('SMS pane', () => {
  const optOut = (optedOut: boolean): CommandOutput<'sms/optOutStatus'> => ({
    phone: '+15551230000',
    customerId: customer.id,
    optedOut,
    keyword: optedOut ? 'STOP' : 'START',
    changedAt: Date.now(),
  });

  it('warns from sms/optOutStatus, follows the sms/optOut push, and shows sms/send refusing an opted-out number', async () => {
    const { hub, wrap } = setup('sms', {
      'sms/optOutStatus': ok(optOut(false)),
      'sms/send': () => ({
        ok: false,
        error: { code: 'conflict', message: 'opted_out: +15551230000 replied STOP; no SMS can be sent until they text START' },
      }),
    });
    wrap(<ConversationView />);
    await screen.findByText('hello there');
    await waitFor(() => expect(hub.calls.some((c) => c.name === 'sms/optOutStatus')).toBe(true));
    expect(screen.queryByText(/opted out of SMS/)).toBeNull();
    act(() => hub.push('sms/optOut', optOut(true)));
    await screen.findByText(/This customer replied STOP .*: they have opted out of SMS/);

    fireEvent.change(screen.getByRole('textbox', { name: /Reply to the customer/ }), { target: { value: 'Your parcel is here' } });
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    await screen.findByText(/Not sent — the customer has opted out of SMS\. \+15551230000 replied STOP/);
    expect(hub.calls.find((c) => c.name === 'sms/send')?.input).toEqual({ conversationId: 11, bodyText: 'Your parcel is here' });
    expect(hub.calls.some((c) => c.name === 'message/send')).toBe(false);
    expect(screen.getByRole<HTMLTextAreaElement>('textbox', { name: /Reply to the customer/ }).value).toBe('Your parcel is here');
  });
});

describe('voice pane', () => {
  const call = (over: { onHold?: boolean; muted?: boolean } = {}): CommandOutput<'voice/call'> => ({
    conversationId: 11,
    conference: 'sb-conv-11',
    recordingUrl: null,
    consultAgentId: null,
    legs: [
      {
        callSid: 'CA1',
        role: 'caller',
        agentId: null,
        status: 'in-progress',
        onHold: over.onHold ?? false,
        muted: false,
        startedAt: Date.now() - 65_000,
        endedAt: null,
      },
      {
        callSid: 'CA2',
        role: 'agent',
        agentId: agent.id,
        status: 'in-progress',
        onHold: false,
        muted: over.muted ?? false,
        startedAt: Date.now() - 60_000,
        endedAt: null,
      },
    ],
  });

  it('shows call state, holds through voice/hold and follows the voice/call push', async () => {
    const { hub, wrap } = setup('voice', {
      'telephony/status': ok({
        enabled: true,
        sms: { ok: true, detail: '1 number' },
        voice: { ok: true, detail: '1 number' },
        numbers: [],
      }),
      'voice/call': ok(call()),
      'voice/hold': ok(call({ onHold: true })),
    });
    wrap(<ConversationView />);
    await screen.findByText('In progress');
    fireEvent.click(screen.getByRole('button', { name: 'Hold' }));
    await screen.findByText('Caller on hold');
    expect(hub.calls.find((c) => c.name === 'voice/hold')?.input).toEqual({ conversationId: 11, hold: true });
    act(() => hub.push('voice/call', call({ muted: true })));
    await screen.findByText('In progress (you are muted)');
    expect(screen.getByRole('button', { name: 'Unmute' }).getAttribute('aria-pressed')).toBe('true');
    // Calling out is for a conversation without a live call; during one the pane offers hang-up instead.
    expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Dial pad' }).disabled).toBe(true);
    act(() => hub.push('voice/call', { ...call(), legs: call().legs.map((l) => ({ ...l, status: 'completed', endedAt: Date.now() })) }));
    await screen.findByText('Call ended');
    expect(screen.queryByRole('button', { name: 'Resume' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Dial pad' }));
    expect(screen.getByRole('group', { name: 'Dial pad' })).toBeTruthy();
  });
});

import type { ChatLimits, HistoryItem } from '../../services/contracts';
import { errorText, VisitorCommandError, type HubConnection } from './connection';
import { clear, el, formatDate, formatTime, randomId } from './dom';
import { onSubmit } from './forms';
import type { WidgetStorage } from './storage';

const channelNames: Record<HistoryItem['channel'], string> = { voice: 'Phone call', sms: 'Text message', email: 'Email', chat: 'Chat' };
const statusNames: Record<HistoryItem['status'], string> = {
  waiting: 'Waiting',
  in_progress: 'In progress',
  closed: 'Closed',
  abandoned: 'Ended',
};

/**
 * "My history": prove an email address (or phone number) with a one-time code, then see your own
 * conversations on every channel and continue an email or text thread.
 */
export class HistoryPanel {
  constructor(
    private readonly container: HTMLElement,
    private readonly conn: HubConnection,
    private readonly storage: WidgetStorage,
    private readonly limits: () => ChatLimits | null,
  ) {}

  show(): void {
    const saved = this.storage.load();
    if (saved.historyToken && saved.historyExpiresAt > Date.now()) void this.showList(saved.historyToken);
    else this.showProof();
  }

  private showProof(): void {
    clear(this.container);
    const limits = this.limits();
    const byEmail = limits?.historyByEmail ?? false;
    const bySms = limits?.historyBySms ?? false;
    if (!byEmail && !bySms) {
      // Only offer a code this hub can send (the button is hidden then; a saved session may just have expired).
      this.container.append(
        el(
          'p',
          { class: 'note', 'data-part': 'history-unavailable' },
          'Your history cannot be opened here right now: we have no way to send you a code.',
        ),
      );
      return;
    }
    const kind = el(
      'select',
      { name: 'kind', 'aria-label': 'Prove with' },
      byEmail && el('option', { value: 'email' }, 'Email address'),
      bySms && el('option', { value: 'phone' }, 'Mobile number (text message)'),
    );
    const label = byEmail && bySms ? 'Email address or phone' : byEmail ? 'Email address' : 'Mobile number';
    const value = el('input', {
      name: 'value',
      type: byEmail ? 'text' : 'tel',
      autocomplete: byEmail ? 'email' : 'tel',
      required: true,
      placeholder: byEmail ? 'you@example.com' : '+1 555 0100',
      maxlength: '320',
    });
    const error = el('p', { class: 'error', role: 'alert' });
    const submit = el('button', { class: 'primary', type: 'submit' }, 'Send me a code');
    const form = el(
      'form',
      { class: 'card', 'data-part': 'history-proof' },
      el(
        'p',
        { class: 'note' },
        `See your conversations with us on every channel. First we send you a one-time code to prove the ${byEmail ? 'address' : 'number'} is yours.`,
      ),
      byEmail && bySms ? el('label', {}, 'Prove with', kind) : null,
      el('label', {}, label, value),
      error,
      submit,
    );
    onSubmit(form, submit, error, async () => {
      const proofKind = kind.value === 'phone' ? 'phone' : 'email';
      const sent = await this.conn.call('history/requestCode', { kind: proofKind, value: value.value });
      this.showCode(proofKind, sent.sentTo);
    });
    this.container.append(form);
    value.focus();
  }

  private showCode(kind: 'email' | 'phone', sentTo: string): void {
    clear(this.container);
    const code = el('input', {
      name: 'code',
      inputmode: 'numeric',
      autocomplete: 'one-time-code',
      maxlength: '6',
      required: true,
      placeholder: '123456',
    });
    const error = el('p', { class: 'error', role: 'alert' });
    const submit = el('button', { class: 'primary', type: 'submit' }, 'Verify');
    const again = el('button', { class: 'secondary', type: 'button' }, 'Use another address');
    const form = el(
      'form',
      { class: 'card', 'data-part': 'history-code' },
      el('p', { class: 'note' }, `We sent a 6-digit code to ${sentTo}.`),
      el('label', {}, 'Code', code),
      error,
      submit,
      again,
    );
    again.addEventListener('click', () => this.showProof());
    onSubmit(
      form,
      submit,
      error,
      async () => {
        const verified = await this.conn.call('history/verify', { kind, value: sentTo, code: code.value });
        this.storage.update({ historyToken: verified.historyToken, historyExpiresAt: verified.expiresAt });
        await this.showList(verified.historyToken);
      },
      (e) => {
        // This code is spent: say why and leave Verify off ("Use another address" starts over).
        if (!(e instanceof VisitorCommandError && (e.error.code === 'too_many_tries' || e.error.code === 'code_expired'))) return false;
        error.textContent = errorText(e);
        return true;
      },
    );
    this.container.append(form);
    code.focus();
  }

  private async showList(token: string): Promise<void> {
    clear(this.container);
    this.container.append(el('p', { class: 'note' }, 'Loading your history…'));
    try {
      const history = await this.conn.call('history/list', { historyToken: token });
      clear(this.container);
      this.container.append(el('p', { class: 'note' }, `Signed in as ${history.displayName}.`));
      const open = history.items.filter((i) => i.open);
      const earlier = history.items.filter((i) => !i.open);
      if (history.items.length === 0) this.container.append(el('p', { class: 'note' }, 'We have no conversations with you yet.'));
      if (open.length > 0) this.container.append(el('div', { class: 'section' }, 'Open'), ...open.map((i) => this.itemButton(token, i)));
      if (earlier.length > 0)
        this.container.append(el('div', { class: 'section' }, 'Earlier'), ...earlier.map((i) => this.itemButton(token, i)));
    } catch (e) {
      this.expiredOr(e);
    }
  }

  private itemButton(token: string, item: HistoryItem): HTMLElement {
    const button = el(
      'button',
      { class: 'history-item', type: 'button', 'data-conversation': String(item.conversationId) },
      el(
        'span',
        { class: 'line1' },
        el('span', {}, `${channelNames[item.channel]} · ${formatDate(item.startedAt)}`),
        el('span', { class: item.open ? 'badge open' : 'badge' }, statusNames[item.status]),
      ),
      item.subject ? el('span', { class: 'subject' }, item.subject) : null,
      el('span', {}, item.firstLine || '(no text)'),
      item.handledBy ? el('span', { class: 'line1' }, `Handled by ${item.handledBy}`) : null,
    );
    button.addEventListener('click', () => void this.showConversation(token, item.conversationId));
    return button;
  }

  private async showConversation(token: string, conversationId: number): Promise<void> {
    try {
      const { item, messages } = await this.conn.call('history/get', { historyToken: token, conversationId });
      clear(this.container);
      const back = el('button', { class: 'secondary', type: 'button' }, '← All conversations');
      back.addEventListener('click', () => void this.showList(token));
      this.container.append(back, el('div', { class: 'section' }, `${channelNames[item.channel]} · ${statusNames[item.status]}`));
      if (item.subject) this.container.append(el('p', { class: 'note' }, item.subject));
      for (const m of messages) {
        this.container.append(
          el(
            'div',
            { class: m.from === 'customer' ? 'msg visitor' : 'msg agent' },
            m.text,
            el(
              'span',
              { class: 'meta' },
              `${m.from === 'customer' ? 'You' : (m.agentName ?? 'Agent')} · ${formatDate(m.createdAt)} ${formatTime(m.createdAt)}`,
            ),
          ),
        );
      }
      if (item.canReply) this.container.append(this.replyForm(token, item));
    } catch (e) {
      this.expiredOr(e);
    }
  }

  private replyForm(token: string, item: HistoryItem): HTMLElement {
    const text = el('textarea', {
      name: 'reply',
      rows: '3',
      required: true,
      placeholder: item.channel === 'email' ? 'Write a reply to this email thread' : 'Write a reply to this text thread',
    });
    const error = el('p', { class: 'error', role: 'alert' });
    const submit = el('button', { class: 'primary', type: 'submit' }, 'Send reply');
    const clientId = randomId();
    const form = el('form', { class: 'card', 'data-part': 'history-reply' }, text, error, submit);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      submit.disabled = true;
      void (async () => {
        try {
          await this.conn.call('history/reply', { historyToken: token, conversationId: item.conversationId, clientId, text: text.value });
          await this.showConversation(token, item.conversationId);
        } catch (e) {
          error.textContent = errorText(e);
          submit.disabled = false;
        }
      })();
    });
    return form;
  }

  private expiredOr(e: unknown): void {
    if (e instanceof VisitorCommandError && e.error.code === 'unauthenticated') {
      this.storage.update({ historyToken: null, historyExpiresAt: 0 });
      this.showProof();
      return;
    }
    clear(this.container);
    this.container.append(el('p', { class: 'error', role: 'alert' }, errorText(e)));
  }
}

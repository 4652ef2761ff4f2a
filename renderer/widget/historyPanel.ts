import type { ChatLimits, HistoryItem } from '../../services/contracts';
import { errorText, VisitorCommandError, type HubConnection } from './connection';
import { clear, el, formatDate, formatTime, randomId } from './dom';
import { onSubmit } from './forms';
import { locale, t } from './i18n';
import type { WidgetStorage } from './storage';

const channelName = (channel: HistoryItem['channel']): string => t(`history.channel.${channel}`);
const statusName = (status: HistoryItem['status']): string => t(`history.status.${status}`);

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
      this.container.append(el('p', { class: 'note', 'data-part': 'history-unavailable' }, t('history.unavailable')));
      return;
    }
    const kind = el(
      'select',
      { name: 'kind', 'aria-label': t('history.proveWith') },
      byEmail && el('option', { value: 'email' }, t('history.byEmail')),
      bySms && el('option', { value: 'phone' }, t('history.bySms')),
    );
    const label = byEmail && bySms ? t('history.emailOrPhone') : byEmail ? t('history.emailAddress') : t('history.mobile');
    const value = el('input', {
      name: 'value',
      type: byEmail ? 'text' : 'tel',
      autocomplete: byEmail ? 'email' : 'tel',
      required: true,
      placeholder: byEmail ? t('history.emailPlaceholder') : t('history.phonePlaceholder'),
      maxlength: '320',
    });
    const error = el('p', { class: 'error', role: 'alert' });
    const submit = el('button', { class: 'primary', type: 'submit' }, t('history.sendCode'));
    const form = el(
      'form',
      { class: 'card', 'data-part': 'history-proof' },
      el('p', { class: 'note' }, byEmail ? t('history.introAddress') : t('history.introNumber')),
      byEmail && bySms ? el('label', {}, t('history.proveWith'), kind) : null,
      el('label', {}, label, value),
      error,
      submit,
    );
    onSubmit(form, submit, error, async () => {
      const proofKind = kind.value === 'phone' ? 'phone' : 'email';
      const sent = await this.conn.call('history/requestCode', { kind: proofKind, value: value.value, language: locale() });
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
    const submit = el('button', { class: 'primary', type: 'submit' }, t('history.verify'));
    const again = el('button', { class: 'secondary', type: 'button' }, t('history.anotherAddress'));
    const form = el(
      'form',
      { class: 'card', 'data-part': 'history-code' },
      el('p', { class: 'note' }, t('history.codeSent', { to: sentTo })),
      el('label', {}, t('history.code'), code),
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
    this.container.append(el('p', { class: 'note' }, t('history.loading')));
    try {
      const history = await this.conn.call('history/list', { historyToken: token });
      clear(this.container);
      this.container.append(el('p', { class: 'note' }, t('history.signedInAs', { name: history.displayName })));
      const open = history.items.filter((i) => i.open);
      const earlier = history.items.filter((i) => !i.open);
      if (history.items.length === 0) this.container.append(el('p', { class: 'note' }, t('history.none')));
      if (open.length > 0)
        this.container.append(el('div', { class: 'section' }, t('history.open')), ...open.map((i) => this.itemButton(token, i)));
      if (earlier.length > 0)
        this.container.append(el('div', { class: 'section' }, t('history.earlier')), ...earlier.map((i) => this.itemButton(token, i)));
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
        el('span', {}, `${channelName(item.channel)} · ${formatDate(item.startedAt)}`),
        el('span', { class: item.open ? 'badge open' : 'badge' }, statusName(item.status)),
      ),
      item.subject ? el('span', { class: 'subject' }, item.subject) : null,
      el('span', {}, item.firstLine || t('history.noText')),
      item.handledBy ? el('span', { class: 'line1' }, t('history.handledBy', { name: item.handledBy })) : null,
    );
    button.addEventListener('click', () => void this.showConversation(token, item.conversationId));
    return button;
  }

  private async showConversation(token: string, conversationId: number): Promise<void> {
    try {
      const { item, messages } = await this.conn.call('history/get', { historyToken: token, conversationId });
      clear(this.container);
      const back = el('button', { class: 'secondary', type: 'button' }, t('history.allConversations'));
      back.addEventListener('click', () => void this.showList(token));
      this.container.append(back, el('div', { class: 'section' }, `${channelName(item.channel)} · ${statusName(item.status)}`));
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
              `${m.from === 'customer' ? t('chat.you') : (m.agentName ?? t('chat.agent'))} · ${formatDate(m.createdAt)} ${formatTime(m.createdAt)}`,
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
      placeholder: item.channel === 'email' ? t('history.replyEmail') : t('history.replySms'),
    });
    const error = el('p', { class: 'error', role: 'alert' });
    const submit = el('button', { class: 'primary', type: 'submit' }, t('history.sendReply'));
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

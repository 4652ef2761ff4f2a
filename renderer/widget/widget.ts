import type { ChatLimits, PreChatFields, QueueInfo, SessionView, VisitorMessage } from '../../services/contracts';
import { errorText, HubConnection, VisitorCommandError } from './connection';
import { clear, el, formatNumber, formatTime, formatWait, paperclip, randomId } from './dom';
import { onSubmit } from './forms';
import { HistoryPanel } from './historyPanel';
import { t } from './i18n';
import { closedMessage } from './opening';
import { WidgetStorage } from './storage';
import { styles } from './styles';

export type WidgetOptions = Readonly<{ hubOrigin: string; queueId: string; title: string }>;

type View = 'idle' | 'prechat' | 'chat' | 'offline' | 'history' | 'thanks';

/**
 * The embeddable chat: launcher, chat window, pre-chat and offline forms, queue position, typing and read
 * receipts, end chat, transcript and "My history". Lives in a shadow root so the host page cannot restyle
 * it. Every piece of text (visitor's, agent's, hub's) is set as text, never parsed as HTML.
 */
export class ChatWidget {
  private readonly shadow: ShadowRoot;
  private readonly panel: HTMLElement;
  private readonly launcher: HTMLButtonElement;
  private readonly statusLine: HTMLElement;
  private readonly content: HTMLElement;
  private readonly footer: HTMLElement;
  private readonly historyButton: HTMLButtonElement;
  private readonly storage: WidgetStorage;
  private conn: HubConnection | null = null;
  private view: View = 'idle';
  private limits: ChatLimits | null = null;
  private preChat: PreChatFields | null = null;
  private email: string | null = null;
  private chatEnded = false;
  /** "Write your question below — an agent will join you.": only true until the first line or the end. */
  private hintLine: HTMLElement | null = null;
  private endButton: HTMLButtonElement | null = null;
  private readonly lines = new Map<string, HTMLElement>();
  private messageList: HTMLElement | null = null;
  private typingLine: HTMLElement | null = null;
  private typingTimer: number | undefined;
  private myTypingUntil = 0;
  private myTypingStop: number | undefined;
  private readUpTo = 0;
  private flushing = false;
  private lastQueue: QueueInfo | null = null;

  constructor(
    host: HTMLElement,
    private readonly options: WidgetOptions,
  ) {
    this.shadow = host.attachShadow({ mode: 'open' });
    this.storage = new WidgetStorage(`switchboard-webchat:${options.hubOrigin}:${options.queueId}`);
    this.launcher = el(
      'button',
      { class: 'launcher', type: 'button', 'aria-expanded': 'false', 'data-part': 'launcher' },
      t('launcher.open'),
    );
    // Shown once the hub says codes can be sent (or a proven history session is saved): see applyLimits.
    this.historyButton = el('button', { type: 'button', 'data-part': 'history-toggle', hidden: true }, t('header.history'));
    const minimise = el('button', { type: 'button', 'aria-label': t('header.minimise'), 'data-part': 'minimise' }, '—');
    this.statusLine = el('div', { class: 'status', role: 'status', 'aria-live': 'polite', 'data-part': 'status' });
    this.content = el('div', { class: 'body', 'data-part': 'content' });
    this.footer = el('div', { 'data-part': 'footer' });
    this.panel = el(
      'section',
      { class: 'panel', hidden: true, role: 'dialog', 'aria-label': options.title, 'data-part': 'panel' },
      el('div', { class: 'header' }, el('span', { class: 'title' }, options.title), this.historyButton, minimise),
      this.statusLine,
      this.content,
      this.footer,
    );
    const style = el('style');
    style.textContent = styles;
    this.shadow.append(style, this.launcher, this.panel);
    this.launcher.addEventListener('click', () => this.toggle());
    minimise.addEventListener('click', () => this.toggle(false));
    this.historyButton.addEventListener('click', () => (this.view === 'history' ? this.backFromHistory() : this.showHistory()));
    // An ongoing chat reconnects at once after a reload, so agent lines arrive even before opening.
    if (this.storage.load().token) this.connect();
  }

  private toggle(open = this.panel.hidden): void {
    this.panel.hidden = !open;
    this.launcher.setAttribute('aria-expanded', String(open));
    this.launcher.textContent = open ? t('launcher.close') : t('launcher.open');
    if (open) {
      this.connect();
      this.markRead();
    }
  }

  // ---- connection ----------------------------------------------------------------------------------

  private connect(): void {
    if (this.conn) return;
    const conn = new HubConnection(this.options.hubOrigin);
    this.conn = conn;
    this.setStatus(t('status.connecting'));
    conn.socket.on('connect', () => void this.onConnected());
    conn.socket.on('disconnect', () => this.setStatus(t('status.lost')));
    conn.socket.on('connect_error', (error: Error) => {
      this.setStatus(/too_many_connections/.test(error.message) ? t('status.tooMany') : t('status.unreachable'));
    });
    conn.on('message', (m) => this.onMessage(m));
    conn.on('queue', (q) => this.onQueue(q));
    conn.on('typing', (t) => this.onTyping(t.typing, t.agentName));
    conn.on('read', (r) => this.onRead(r.upToMessageId));
  }

  private async onConnected(): Promise<void> {
    const conn = this.conn;
    if (!conn) return;
    try {
      this.limits ??= (await conn.call('chat/availability', { queueId: this.options.queueId })).limits;
      this.applyLimits();
      const saved = this.storage.load();
      if (saved.token) {
        try {
          // A page that already shows the chat needs only what it missed; a fresh page needs it all.
          const afterMessageId = this.messageList ? saved.lastMessageId : 0;
          const session = await conn.call('session/resume', { token: saved.token, afterMessageId });
          this.enterChat(session);
          await this.flushOutbox();
          return;
        } catch (e) {
          if (!(e instanceof VisitorCommandError && e.error.code === 'unauthenticated')) throw e;
          this.storage.update({ token: null, lastMessageId: 0, outbox: [] });
        }
      }
      if (this.view === 'idle' || this.view === 'chat') await this.showEntry();
      else this.setStatus('');
    } catch (e) {
      this.setStatus(errorText(e));
    }
  }

  /** Pre-chat form when chat is open, the offline form when it is not. */
  private async showEntry(): Promise<void> {
    const conn = this.conn;
    if (!conn) return;
    const availability = await conn.call('chat/availability', { queueId: this.options.queueId });
    this.limits = availability.limits;
    this.preChat = availability.preChat;
    this.applyLimits();
    if (availability.open) this.showPrechat();
    else this.showOffline(availability.reason === 'outside_hours' ? closedMessage(availability.opensAt, Date.now()) : t('status.noAgents'));
  }

  /**
   * Offer only what this hub can do: "My history" needs a one-time code by email or text message (or an
   * already proven session saved in this browser).
   */
  private applyLimits(): void {
    const limits = this.limits;
    const saved = this.storage.load();
    const proven = saved.historyToken !== null && saved.historyExpiresAt > Date.now();
    const codes = limits !== null && (limits.historyByEmail || limits.historyBySms);
    this.historyButton.hidden = !(codes || proven) && this.view !== 'history';
  }

  // ---- pre-chat and offline forms ------------------------------------------------------------------

  private showPrechat(): void {
    this.view = 'prechat';
    // The fields the hub's settings ask for: off ones are left out, required ones must be filled.
    const need = this.preChat ?? { name: 'optional', email: 'optional', phone: 'optional' };
    const anyRequired = Object.values(need).includes('required');
    this.setStatus(anyRequired ? t('prechat.introRequired') : t('prechat.introOptional'));
    clear(this.content);
    clear(this.footer);
    const input = (field: keyof PreChatFields, attrs: Record<string, string>) =>
      el('input', { name: field, maxlength: '320', ...attrs, ...(need[field] === 'required' ? { required: true } : {}) });
    const name = input('name', { autocomplete: 'name', maxlength: '120' });
    const email = input('email', { type: 'email', autocomplete: 'email' });
    const phone = input('phone', { type: 'tel', autocomplete: 'tel', maxlength: '40' });
    const label = (field: keyof PreChatFields, text: string, control: HTMLInputElement) =>
      need[field] === 'off' ? null : el('label', {}, need[field] === 'required' ? t('prechat.required', { label: text }) : text, control);
    const error = el('p', { class: 'error', role: 'alert' });
    const submit = el('button', { class: 'primary', type: 'submit' }, t('prechat.start'));
    const fields = [
      label('name', t('prechat.name'), name),
      label('email', t('prechat.email'), email),
      label('phone', t('prechat.phone'), phone),
    ].filter((f): f is HTMLLabelElement => f !== null);
    const form = el('form', { class: 'card', 'data-part': 'prechat' }, ...fields, error, submit);
    onSubmit(
      form,
      submit,
      error,
      async () => {
        const saved = this.storage.load();
        const historyToken = saved.historyToken && saved.historyExpiresAt > Date.now() ? saved.historyToken : undefined;
        const session = await this.requireConn().call('chat/start', {
          queueId: this.options.queueId,
          name: need.name === 'off' ? undefined : name.value.trim() || undefined,
          email: need.email === 'off' ? undefined : email.value.trim() || undefined,
          phone: need.phone === 'off' ? undefined : phone.value.trim() || undefined,
          historyToken,
        });
        this.storage.update({ token: session.token, lastMessageId: 0, outbox: [] });
        this.enterChat(session);
      },
      (e) => {
        if (!(e instanceof VisitorCommandError && e.error.code === 'offline')) return false;
        this.showOffline(errorText(e));
        return true;
      },
    );
    this.content.append(form);
  }

  private showOffline(reason: string): void {
    this.view = 'offline';
    this.setStatus(reason);
    clear(this.content);
    clear(this.footer);
    const limits = this.limits;
    if (limits && !limits.offlineMessages) {
      // No queue takes messages while chat is closed: say so instead of a form that cannot be sent.
      this.content.append(el('p', { class: 'note', 'data-part': 'offline-none' }, t('offline.tryLater')));
      return;
    }
    // Promise an answer by email only when agents can send one from this hub.
    const byEmail = limits?.replyByEmail ?? false;
    const name = el('input', { name: 'name', required: true, autocomplete: 'name', maxlength: '120' });
    const email = el('input', { name: 'email', type: 'email', required: true, autocomplete: 'email', maxlength: '320' });
    // Without email the answer comes by text message: the number is then what we need.
    const phone = el('input', { name: 'phone', type: 'tel', autocomplete: 'tel', maxlength: '40', required: !byEmail });
    const message = el('textarea', { name: 'message', required: true, rows: '4', maxlength: String(this.limits?.maxMessageChars ?? 4000) });
    const error = el('p', { class: 'error', role: 'alert' });
    const submit = el('button', { class: 'primary', type: 'submit' }, t('offline.send'));
    const clientId = randomId();
    const form = el(
      'form',
      { class: 'card', 'data-part': 'offline' },
      el('p', { class: 'note' }, byEmail ? t('offline.introEmail') : t('offline.introSms')),
      el('label', {}, t('offline.name'), name),
      el('label', {}, t('offline.email'), email),
      el('label', {}, byEmail ? t('offline.phoneOptional') : t('offline.mobile'), phone),
      el('label', {}, t('offline.message'), message),
      error,
      submit,
    );
    onSubmit(form, submit, error, async () => {
      const result = await this.requireConn().call('offline/submit', {
        queueId: this.options.queueId,
        clientId,
        name: name.value,
        email: email.value,
        phone: phone.value.trim() || undefined,
        message: message.value,
      });
      this.view = 'thanks';
      clear(this.content);
      this.content.append(
        el(
          'p',
          { class: 'note', 'data-part': 'offline-thanks' },
          t(byEmail ? 'offline.thanksEmail' : 'offline.thanksSms', { reference: result.reference }),
        ),
      );
      this.setStatus(t('status.messageSent'));
    });
    this.content.append(form);
  }

  // ---- the chat ------------------------------------------------------------------------------------

  private enterChat(session: SessionView): void {
    const fresh = this.view !== 'chat' || !this.messageList;
    this.view = 'chat';
    this.email = session.email;
    this.historyButton.textContent = t('header.history');
    if (fresh) {
      clear(this.content);
      this.lines.clear();
      this.messageList = el('div', { class: 'messages', 'data-part': 'messages' });
      this.messageList.style.display = 'flex';
      this.messageList.style.flexDirection = 'column';
      this.messageList.style.gap = '8px';
      this.typingLine = el('div', { class: 'typing', 'aria-live': 'polite', 'data-part': 'typing' });
      this.content.append(this.messageList);
      this.renderComposer();
      if (session.messages.length === 0 && session.queue.state === 'none') {
        this.addSystem(t('chat.hint'));
        this.hintLine = this.messageList.lastElementChild as HTMLElement | null;
      }
    }
    for (const m of session.messages) this.onMessage(m);
    for (const pending of this.storage.load().outbox) this.renderPending(pending.clientId, pending.text);
    this.onQueue(session.queue);
  }

  private renderComposer(): void {
    clear(this.footer);
    const text = el('textarea', {
      name: 'message',
      rows: '1',
      placeholder: t('chat.placeholder'),
      'aria-label': t('chat.messageLabel'),
      maxlength: String(this.limits?.maxMessageChars ?? 4000),
      'data-part': 'input',
    });
    const send = el('button', { class: 'primary', type: 'submit', 'data-part': 'send' }, t('chat.send'));
    const fileInput = el('input', { type: 'file', accept: (this.limits?.allowedFileTypes ?? []).join(','), hidden: true });
    const attach = el(
      'button',
      { class: 'secondary attach', type: 'button', 'aria-label': t('chat.attach'), title: t('chat.attach'), 'data-part': 'attach' },
      paperclip(),
    );
    const form = el('form', { class: 'composer' }, attach, fileInput, text, send);
    const end = el('button', { class: 'secondary', type: 'button', 'data-part': 'end' }, t('chat.end'));
    // Nothing to end before the chat has started or once it has ended (onQueue shows and hides it).
    end.hidden = this.chatEnded || this.lastQueue === null || this.lastQueue.state === 'none';
    this.endButton = end;
    const transcript = el(
      'button',
      { class: 'secondary', type: 'button', 'data-part': 'transcript', hidden: !(this.limits?.transcript ?? false) },
      t('chat.transcript'),
    );
    const actions = el('div', { class: 'actions' }, end, transcript);
    if (this.typingLine) this.footer.append(this.typingLine);
    this.footer.append(form, actions);

    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const value = text.value.trim();
      if (!value) return;
      const max = this.limits?.maxMessageChars ?? 4000;
      if (value.length > max) return this.addSystem(t('chat.tooLong', { max: formatNumber(max) }));
      text.value = '';
      this.send(value);
    });
    text.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && !event.shiftKey) {
        event.preventDefault();
        form.requestSubmit();
      }
    });
    text.addEventListener('input', () => this.typing());
    attach.addEventListener('click', () => fileInput.click());
    fileInput.addEventListener('change', () => {
      const file = fileInput.files?.[0];
      fileInput.value = '';
      if (file) void this.upload(file);
    });
    end.addEventListener('click', () => void this.endChat());
    transcript.addEventListener('click', () => this.askTranscript(actions));
  }

  private send(text: string): void {
    const clientId = randomId();
    const saved = this.storage.load();
    this.storage.update({ outbox: [...saved.outbox, { clientId, text }] });
    this.renderPending(clientId, text);
    void this.flushOutbox();
  }

  /** Sends every unacked line in order; what is still unacked after a drop is resent on reconnect. */
  private async flushOutbox(): Promise<void> {
    if (this.flushing || !this.conn?.socket.connected) return;
    this.flushing = true;
    try {
      for (;;) {
        const next = this.storage.load().outbox[0];
        if (!next) break;
        try {
          const { message } = await this.requireConn().call('message/send', { clientId: next.clientId, text: next.text });
          this.dropFromOutbox(next.clientId);
          this.onMessage(message);
        } catch (e) {
          if (e instanceof VisitorCommandError && e.error.code === 'rate_limited') {
            await new Promise((r) => setTimeout(r, 1500));
            continue;
          }
          if (e instanceof VisitorCommandError) {
            // Refused for good (too long, chat closed): tell the visitor, do not retry forever.
            this.dropFromOutbox(next.clientId);
            this.markFailed(next.clientId, errorText(e));
            if (e.error.code === 'offline') this.showOffline(errorText(e));
            continue;
          }
          break; // Timed out or disconnected: kept in the outbox for the next connect.
        }
      }
    } finally {
      this.flushing = false;
    }
  }

  private dropFromOutbox(clientId: string): void {
    const saved = this.storage.load();
    this.storage.update({ outbox: saved.outbox.filter((o) => o.clientId !== clientId) });
  }

  private async upload(file: File): Promise<void> {
    const limits = this.limits;
    if (limits && file.size > limits.maxFileBytes)
      return this.addSystem(t('chat.fileTooBig', { kb: formatNumber(Math.floor(limits.maxFileBytes / 1024)) }));
    if (limits && !limits.allowedFileTypes.includes(file.type))
      return this.addSystem(t('chat.fileType', { types: limits.allowedFileTypes.join(', ') }));
    const clientId = randomId();
    this.renderPending(clientId, t('chat.sendingFile', { name: file.name }));
    try {
      const data = new Uint8Array(await file.arrayBuffer());
      const { message } = await this.requireConn().call('file/upload', { clientId, name: file.name, contentType: file.type, data }, 60_000);
      this.onMessage(message);
    } catch (e) {
      this.markFailed(clientId, errorText(e));
    }
  }

  private async endChat(): Promise<void> {
    try {
      const info = await this.requireConn().call('chat/end', {});
      this.onQueue(info);
    } catch (e) {
      this.addSystem(errorText(e));
    }
  }

  private askTranscript(actions: HTMLElement): void {
    if (actions.querySelector('form')) return;
    const email = el('input', {
      name: 'transcript-email',
      type: 'email',
      required: true,
      value: this.email ?? '',
      placeholder: t('history.emailPlaceholder'),
      'aria-label': t('chat.transcriptLabel'),
    });
    const submit = el('button', { class: 'primary', type: 'submit' }, t('chat.send'));
    const form = el('form', { class: 'composer', 'data-part': 'transcript-form' }, email, submit);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      submit.disabled = true;
      void (async () => {
        try {
          const sent = await this.requireConn().call('transcript/email', { email: email.value });
          form.remove();
          this.addSystem(t('chat.transcriptSent', { to: sent.sentTo }));
        } catch (e) {
          submit.disabled = false;
          this.addSystem(errorText(e));
        }
      })();
    });
    actions.append(form);
    email.focus();
  }

  // ---- pushes --------------------------------------------------------------------------------------

  private onMessage(m: VisitorMessage): void {
    if (!this.messageList) return;
    this.dropHint();
    const key = `id:${m.id}`;
    const pending = m.clientId ? this.lines.get(`client:${m.clientId}`) : undefined;
    const existing = this.lines.get(key) ?? pending;
    const node = this.renderLine(m);
    if (existing) existing.replaceWith(node);
    else this.messageList.append(node);
    if (m.clientId) this.lines.delete(`client:${m.clientId}`);
    this.lines.set(key, node);
    const saved = this.storage.load();
    if (m.id > saved.lastMessageId) this.storage.update({ lastMessageId: m.id });
    if (m.from === 'agent') {
      this.onTyping(false, null);
      this.markRead();
    }
    this.scrollDown();
  }

  private renderLine(m: VisitorMessage): HTMLElement {
    const who = m.from === 'agent' ? (m.agentName ?? t('chat.agent')) : m.from === 'visitor' ? t('chat.you') : '';
    const receipt = m.from === 'visitor' ? ` · ${m.id <= this.readUpTo || m.status === 'read' ? t('chat.read') : t('chat.sent')}` : '';
    const attachment = m.attachment
      ? el(
          'a',
          { href: new URL(m.attachment.url, this.options.hubOrigin).toString(), target: '_blank', rel: 'noopener noreferrer' },
          t('chat.fileSize', { name: m.attachment.name, kb: formatNumber(Math.ceil(m.attachment.size / 1024)) }),
        )
      : null;
    return el(
      'div',
      { class: `msg ${m.from}`, 'data-message-id': String(m.id), 'data-from': m.from },
      attachment ?? m.text,
      m.from === 'system' ? null : el('span', { class: 'meta', 'data-part': 'meta' }, `${who} · ${formatTime(m.createdAt)}${receipt}`),
    );
  }

  private renderPending(clientId: string, text: string): void {
    if (!this.messageList || this.lines.has(`client:${clientId}`)) return;
    const node = el('div', { class: 'msg visitor', 'data-client-id': clientId }, text, el('span', { class: 'meta' }, t('chat.sending')));
    this.lines.set(`client:${clientId}`, node);
    this.messageList.append(node);
    this.scrollDown();
  }

  private markFailed(clientId: string, reason: string): void {
    const node = this.lines.get(`client:${clientId}`);
    const meta = node?.querySelector('.meta');
    if (meta) meta.textContent = t('chat.notSent', { reason });
  }

  private addSystem(text: string): void {
    if (!this.messageList) return void this.setStatus(text);
    this.messageList.append(el('div', { class: 'msg system' }, text));
    this.scrollDown();
  }

  private dropHint(): void {
    this.hintLine?.remove();
    this.hintLine = null;
  }

  private onQueue(q: QueueInfo): void {
    this.lastQueue = q;
    if (this.view !== 'chat') return;
    if (this.endButton) this.endButton.hidden = q.state === 'none' || q.state === 'ended';
    if (q.state === 'ended') this.dropHint();
    switch (q.state) {
      case 'none':
        this.setStatus(t('status.sendToStart'));
        break;
      case 'queued':
        this.setStatus(
          q.position === null
            ? t('status.waiting')
            : q.expectedWaitSeconds === null
              ? t('status.position', { position: formatNumber(q.position) })
              : t('status.positionWait', { position: formatNumber(q.position), wait: formatWait(q.expectedWaitSeconds) }),
        );
        break;
      case 'offered':
        this.setStatus(t('status.offered'));
        break;
      case 'active':
        this.setStatus(q.agentName ? t('status.chattingWith', { name: q.agentName }) : t('status.agentJoined'));
        break;
      case 'ended':
        if (!this.chatEnded) this.addSystem(t('chat.endedHint'));
        this.setStatus(t('status.ended'));
        break;
    }
    this.chatEnded = q.state === 'ended';
  }

  private onTyping(typing: boolean, agentName: string | null): void {
    if (!this.typingLine) return;
    window.clearTimeout(this.typingTimer);
    this.typingLine.textContent = typing ? t('chat.typing', { name: agentName ?? t('chat.theAgent') }) : '';
    if (typing) this.typingTimer = window.setTimeout(() => this.onTyping(false, null), 8000);
  }

  private onRead(upTo: number): void {
    this.readUpTo = Math.max(this.readUpTo, upTo);
    for (const [key, node] of this.lines) {
      if (!key.startsWith('id:') || Number(key.slice(3)) > upTo || node.dataset.from !== 'visitor') continue;
      const meta = node.querySelector('.meta');
      if (meta?.textContent?.endsWith(` · ${t('chat.sent')}`))
        meta.textContent = `${meta.textContent.slice(0, -t('chat.sent').length)}${t('chat.read')}`;
    }
  }

  /** Typing start at most every 2 s while keys are pressed; stop after 3 s of quiet. */
  private typing(): void {
    const conn = this.conn;
    if (!conn?.socket.connected || this.chatEnded) return;
    const now = Date.now();
    if (now > this.myTypingUntil) {
      this.myTypingUntil = now + 2000;
      void conn.call('typing/set', { typing: true }).catch(() => undefined);
    }
    window.clearTimeout(this.myTypingStop);
    this.myTypingStop = window.setTimeout(() => {
      this.myTypingUntil = 0;
      void conn.call('typing/set', { typing: false }).catch(() => undefined);
    }, 3000);
  }

  private markRead(): void {
    if (this.panel.hidden || !this.conn?.socket.connected) return;
    let newest = 0;
    for (const [key, node] of this.lines)
      if (key.startsWith('id:') && node.dataset.from === 'agent') newest = Math.max(newest, Number(key.slice(3)));
    if (newest > 0) void this.conn.call('message/read', { upToMessageId: newest }).catch(() => undefined);
  }

  // ---- history -------------------------------------------------------------------------------------

  private previousView: View = 'idle';
  private savedContent: Node[] = [];
  private savedFooter: Node[] = [];

  private showHistory(): void {
    this.connect();
    this.previousView = this.view;
    this.savedContent = [...this.content.childNodes];
    this.savedFooter = [...this.footer.childNodes];
    this.view = 'history';
    this.historyButton.textContent = t('header.back');
    clear(this.content);
    clear(this.footer);
    const container = el('div', { 'data-part': 'history' });
    container.style.display = 'flex';
    container.style.flexDirection = 'column';
    container.style.gap = '8px';
    this.content.append(container);
    this.setStatus(t('history.title'));
    new HistoryPanel(container, this.requireConn(), this.storage, () => this.limits).show();
  }

  private backFromHistory(): void {
    clear(this.content);
    clear(this.footer);
    this.content.append(...this.savedContent);
    this.footer.append(...this.savedFooter);
    this.view = this.previousView;
    this.historyButton.textContent = t('header.history');
    this.setStatus('');
    if (this.view === 'chat' && this.lastQueue) this.onQueue(this.lastQueue);
    if (this.view === 'idle') void this.onConnected();
  }

  private setStatus(text: string): void {
    this.statusLine.textContent = text;
  }

  private scrollDown(): void {
    this.content.scrollTop = this.content.scrollHeight;
  }

  private requireConn(): HubConnection {
    if (!this.conn) this.connect();
    return this.conn as HubConnection;
  }
}

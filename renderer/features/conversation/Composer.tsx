import { useId, useRef } from 'react';
import type { ChannelKind } from '../../../services/contracts';
import { MAX_MESSAGE_CHARS, SMS_MAX_CHARS } from '../../../services/contracts';
import { errorText, useSendMessageMutation } from '../../app/api';
import { useAppDispatch, useAppSelector, useHubReady } from '../../app/hooks';
import { composeModeChosen, draftEdited, draftFor } from '../worklist/worklistSlice';
import { useSmsSendMutation } from '../channels/channelApi';
import { useAgentTyping } from '../webchat/useAgentTyping';
import { useAnswerAssist } from '../answers/useAnswerAssist';
import { i18n, useT } from '../../i18n';

/** The hub's error in words; an SMS refused for an opt-out says so plainly first (the hub's detail follows). */
export function sendErrorText(error: unknown): string {
  const text = errorText(error);
  return /^opted_out:/.test(text) ? i18n.t('composer.optedOut', { ns: 'conversation', detail: text.replace(/^opted_out:\s*/, '') }) : text;
}

/**
 * Reply or internal note. The text lives in the store (per conversation), so switching conversations,
 * losing the hub or reloading never loses it; it is cleared only when the hub confirms the send.
 */
export function Composer({
  conversationId,
  channel,
  repliesClosed = null,
}: Readonly<{
  conversationId: number;
  channel: ChannelKind;
  /** Why a reply cannot reach the customer any more (they ended the chat); notes stay possible. */
  repliesClosed?: string | null;
}>) {
  const { t } = useT('conversation');
  const dispatch = useAppDispatch();
  const ready = useHubReady();
  const draft = useAppSelector((s) => draftFor(s, conversationId));
  const [send, sendState] = useSendMessageMutation();
  // SMS replies go through sms/send, which refuses an opted-out number with a typed error.
  const [sendSms, smsState] = useSmsSendMutation();
  const hintId = useId();
  const mode = channel === 'voice' || repliesClosed !== null ? 'note' : draft.mode;
  const viaSms = channel === 'sms' && mode === 'reply';
  const { isLoading, error, reset } = viaSms ? smsState : sendState;
  const typing = useAgentTyping(conversationId, channel === 'chat' && mode === 'reply');
  const text = draft.text;
  const input = useRef<HTMLTextAreaElement>(null);
  const answers = useAnswerAssist(conversationId, text, (next) => dispatch(draftEdited({ conversationId, text: next })), input);
  const canSend = ready && !isLoading && text.trim().length > 0 && text.length <= (viaSms ? SMS_MAX_CHARS : MAX_MESSAGE_CHARS);

  const submit = (): void => {
    if (!canSend) return;
    typing.stopped();
    if (viaSms) void sendSms({ conversationId, bodyText: text });
    else void send({ conversationId, bodyText: text, internal: mode === 'note' });
  };

  return (
    <form
      className={`composer composer-${mode}`}
      aria-label={t('composer.label')}
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <div className="composer-tabs" role="radiogroup" aria-label={t('composer.messageType')}>
        {channel !== 'voice' && (
          <button
            type="button"
            role="radio"
            aria-checked={mode === 'reply'}
            className={`tab${mode === 'reply' ? ' active' : ''}`}
            disabled={repliesClosed !== null}
            title={repliesClosed ?? undefined}
            onClick={() => dispatch(composeModeChosen({ conversationId, mode: 'reply' }))}
          >
            {t('composer.reply')}
          </button>
        )}
        <button
          type="button"
          role="radio"
          aria-checked={mode === 'note'}
          className={`tab${mode === 'note' ? ' active' : ''}`}
          onClick={() => dispatch(composeModeChosen({ conversationId, mode: 'note' }))}
        >
          {t('composer.note')}
        </button>
      </div>
      {repliesClosed !== null && (
        <p className="composer-closed-reason" role="status">
          {t('composer.closedHint', { reason: repliesClosed })}
        </p>
      )}
      <label className="visually-hidden" htmlFor={`composer-${conversationId}`}>
        {mode === 'note' ? t('composer.noteLabel') : t('composer.replyLabel')}
      </label>
      {answers.popup}
      <textarea
        id={`composer-${conversationId}`}
        ref={input}
        className="composer-input"
        value={text}
        placeholder={mode === 'note' ? t('composer.notePlaceholder') : t(`composer.placeholder.${channel satisfies ChannelKind}`)}
        aria-describedby={hintId}
        rows={3}
        {...answers.textareaProps}
        onChange={(e) => {
          if (error) reset();
          dispatch(draftEdited({ conversationId, text: e.target.value }));
          answers.caretMoved(e.target.selectionStart);
          typing.typed();
        }}
        onKeyDown={(e) => {
          if (answers.onKeyDown(e)) return;
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            submit();
          }
        }}
      />
      <div className="composer-foot">
        <span id={hintId} className="muted small">
          {!ready ? t('composer.offline') : mode === 'note' ? t('composer.notesHint') : t('composer.sendHint')}
        </span>
        <button type="button" className="btn btn-small btn-ghost" onClick={answers.openAtCaret} title={t('composer.answersTitle')}>
          {t('composer.answers')}
        </button>
        {viaSms && text.length > SMS_MAX_CHARS && (
          <span className="inline-error" role="alert">
            {t('composer.smsTooLong', { max: SMS_MAX_CHARS, typed: text.length })}
          </span>
        )}
        {error && (
          <span className="inline-error" role="alert">
            {sendErrorText(error)}
          </span>
        )}
        <button type="submit" className="btn btn-primary" disabled={!canSend}>
          {mode === 'note' ? t('composer.addNote') : t('composer.send')}
        </button>
      </div>
    </form>
  );
}

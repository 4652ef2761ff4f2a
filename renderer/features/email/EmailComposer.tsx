import { useId, useRef, useState } from 'react';
import { EmailSendInput, MAX_MESSAGE_CHARS, type CommandInput, type CommandOutput, type EmailSendMode } from '../../../services/contracts';
import { errorText, useSendMessageMutation } from '../../app/api';
import { useAppDispatch, useAppSelector, useHubReady } from '../../app/hooks';
import { useEmailSendMutation } from '../channels/channelApi';
import { composeModeChosen, draftEdited, draftFor } from '../worklist/worklistSlice';
import { readAttachment } from './attachmentFiles';
import { useAnswerAssist } from '../answers/useAnswerAssist';
import {
  attachmentsFor,
  emailAttachmentPicked,
  emailAttachmentRemoved,
  emailEnvelopeEdited,
  envelopeFor,
  type EmailEnvelope,
} from './emailDraftSlice';
import { answeredEmail, defaultRecipientsHint, quotedPreview, splitAddresses } from './recipients';
import { formatKiloBytes } from '../../common/numbers';
import { useT } from '../../i18n';

type Loaded = CommandOutput<'conversation/get'>;

const modes: readonly EmailSendMode[] = ['reply', 'replyAll', 'forward'];

/**
 * Email reply / reply-all / forward with To/CC/BCC, quoted history, attachments and canned responses,
 * sent with email/send; or an internal note. The body is the conversation's draft (kept across switches,
 * disconnects and reloads); recipients and mode are kept the same way; files only in memory.
 */
export function EmailComposer({ data }: Readonly<{ data: Loaded }>) {
  const { t } = useT('email');
  const conversationId = data.conversation.id;
  const dispatch = useAppDispatch();
  const ready = useHubReady();
  const draft = useAppSelector((s) => draftFor(s, conversationId));
  const envelope = useAppSelector((s) => envelopeFor(s, conversationId));
  const files = useAppSelector((s) => attachmentsFor(s, conversationId));
  const [sendEmail, emailState] = useEmailSendMutation();
  const [sendNote, noteState] = useSendMessageMutation();
  const [problem, setProblem] = useState<string | null>(null);
  const hintId = useId();
  const fileId = useId();
  const textarea = useRef<HTMLTextAreaElement>(null);
  const answers = useAnswerAssist(conversationId, draft.text, (next) => dispatch(draftEdited({ conversationId, text: next })), textarea);
  const note = draft.mode === 'note';
  const answered = answeredEmail(data.messages);
  const hint = defaultRecipientsHint(envelope.mode, answered?.meta ?? null);
  const busy = emailState.isLoading || noteState.isLoading;
  const text = draft.text;
  const canSend = ready && !busy && text.trim().length > 0 && text.length <= MAX_MESSAGE_CHARS;
  const error = note ? noteState.error : emailState.error;

  const edit = (changes: Partial<EmailEnvelope>): void => {
    setProblem(null);
    dispatch(emailEnvelopeEdited({ conversationId, ...changes }));
  };

  const submit = (): void => {
    if (!canSend) return;
    if (note) {
      void sendNote({ conversationId, bodyText: text, internal: true });
      return;
    }
    const to = splitAddresses(envelope.to);
    const cc = splitAddresses(envelope.cc);
    const bcc = splitAddresses(envelope.bcc);
    const input: CommandInput<'email/send'> = {
      conversationId,
      // An outbound conversation the customer has not answered yet: the first mail is a new one.
      mode: !answered && envelope.mode === 'reply' ? 'new' : envelope.mode,
      ...(answered ? { messageId: answered.message.id } : {}),
      // Empty fields are left to the hub, which computes the reply's recipients.
      ...(to.length > 0 ? { to } : {}),
      ...(cc.length > 0 ? { cc } : {}),
      ...(bcc.length > 0 ? { bcc } : {}),
      bodyText: text,
      quote: envelope.quote,
      ...(files.length > 0
        ? { attachments: files.map(({ filename, contentType, contentBase64 }) => ({ filename, contentType, contentBase64 })) }
        : {}),
    };
    const checked = EmailSendInput.safeParse(input);
    if (!checked.success) {
      setProblem(
        checked.error.issues
          .map((i) => t('composer.fieldProblem', { field: i.path.join('.') || t('composer.fieldEmail'), problem: i.message }))
          .join('; '),
      );
      return;
    }
    setProblem(null);
    void sendEmail(input);
  };

  const pick = async (list: FileList | null): Promise<void> => {
    let current = files;
    for (const file of Array.from(list ?? [])) {
      const result = await readAttachment(file, current);
      if (typeof result === 'string') {
        setProblem(result);
        return;
      }
      current = [...current, result];
      dispatch(emailAttachmentPicked({ conversationId, attachment: result }));
    }
  };

  return (
    <form
      className={`composer email-composer composer-${note ? 'note' : 'reply'}`}
      aria-label={t('composer.label')}
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <div className="composer-tabs" role="radiogroup" aria-label={t('composer.messageType')}>
        {modes.map((mode) => (
          <button
            key={mode}
            type="button"
            role="radio"
            aria-checked={!note && envelope.mode === mode}
            className={`tab${!note && envelope.mode === mode ? ' active' : ''}`}
            onClick={() => {
              dispatch(composeModeChosen({ conversationId, mode: 'reply' }));
              edit({ mode });
            }}
          >
            {t(`modes.${mode}`)}
          </button>
        ))}
        <button
          type="button"
          role="radio"
          aria-checked={note}
          className={`tab${note ? ' active' : ''}`}
          onClick={() => dispatch(composeModeChosen({ conversationId, mode: 'note' }))}
        >
          {t('composer.note')}
        </button>
      </div>
      {!note && (
        <div className="email-fields">
          <label>
            <span>{t('composer.to')}</span>
            <input value={envelope.to} placeholder={hint.to} onChange={(e) => edit({ to: e.target.value })} aria-describedby={hintId} />
          </label>
          <label>
            <span>{t('composer.cc')}</span>
            <input value={envelope.cc} placeholder={hint.cc} onChange={(e) => edit({ cc: e.target.value })} />
          </label>
          <label>
            <span>{t('composer.bcc')}</span>
            <input value={envelope.bcc} onChange={(e) => edit({ bcc: e.target.value })} />
          </label>
        </div>
      )}
      <label className="visually-hidden" htmlFor={`composer-${conversationId}`}>
        {note ? t('composer.noteLabel') : t('composer.replyLabel')}
      </label>
      {answers.popup}
      <textarea
        id={`composer-${conversationId}`}
        ref={textarea}
        className="composer-input"
        value={text}
        rows={5}
        placeholder={note ? t('composer.notePlaceholder') : t('composer.placeholder')}
        {...answers.textareaProps}
        onChange={(e) => {
          if (emailState.error) emailState.reset();
          dispatch(draftEdited({ conversationId, text: e.target.value }));
          answers.caretMoved(e.target.selectionStart);
        }}
        onKeyDown={(e) => {
          if (answers.onKeyDown(e)) return;
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            submit();
          }
        }}
      />
      {!note && (
        <div className="email-extras">
          <button type="button" className="btn btn-small" onClick={answers.openAtCaret} title={t('composer.answersTitle')}>
            {t('composer.answers')}
          </button>
          <label className="btn btn-small" htmlFor={fileId}>
            {t('composer.attach')}
          </label>
          <input
            id={fileId}
            className="visually-hidden"
            type="file"
            multiple
            onChange={(e) => {
              const list = e.target.files;
              void pick(list);
              e.target.value = '';
            }}
          />
          <label className="small quote-toggle">
            <input type="checkbox" checked={envelope.quote} onChange={(e) => edit({ quote: e.target.checked })} />{' '}
            {envelope.mode === 'forward' ? t('composer.quoteForwarded') : t('composer.quotePrevious')}
          </label>
        </div>
      )}
      {!note && files.length > 0 && (
        <ul className="picked-files" aria-label={t('composer.attached')}>
          {files.map((f) => (
            <li key={f.id} className="chip">
              {f.filename} <span className="muted">({formatKiloBytes(f.size)})</span>
              <button
                type="button"
                className="tag-remove"
                aria-label={t('composer.remove', { name: f.filename })}
                onClick={() => dispatch(emailAttachmentRemoved({ conversationId, id: f.id }))}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      {!note && envelope.quote && answered && (
        <details className="quoted-history">
          <summary className="small muted">{t('composer.quotedHistory')}</summary>
          <pre className="quoted-text">{quotedPreview(answered.message, answered.meta)}</pre>
        </details>
      )}
      <div className="composer-foot">
        <span id={hintId} className="muted small">
          {!ready
            ? t('composer.offline')
            : note
              ? t('composer.notesHint')
              : envelope.mode === 'forward'
                ? t('composer.forwardHint')
                : t('composer.replyHint')}
        </span>
        {(problem ?? error) && (
          <span className="inline-error" role="alert">
            {problem ?? errorText(error)}
          </span>
        )}
        <button type="submit" className="btn btn-primary" disabled={!canSend}>
          {note ? t('composer.addNote') : envelope.mode === 'forward' ? t('composer.forward') : t('composer.send')}
        </button>
      </div>
    </form>
  );
}

import { useState } from 'react';
import type { CustomerNote, Message } from '../../../services/contracts';
import { errorText } from '../../app/api';
import { useHubReady } from '../../app/hooks';
import { useT } from '../../i18n';
import { useAddCustomerNoteMutation } from './customerApi';
import { formatWhen } from './dates';

type NoteRow = Readonly<{ key: string; body: string; at: number; who: string }>;

/** Notes on the customer (customer/addNote) and the open conversation's internal notes, newest first. */
export function NotesSection({
  customerId,
  notes,
  conversationNotes = [],
}: Readonly<{ customerId: number; notes: readonly CustomerNote[]; conversationNotes?: readonly Message[] }>) {
  const { t } = useT('customers');
  const ready = useHubReady();
  const [text, setText] = useState('');
  const [addNote, state] = useAddCustomerNoteMutation();
  const rows: NoteRow[] = [
    ...notes.map((n) => ({ key: `c${n.id}`, body: n.body, at: n.createdAt, who: n.authorName ?? t('notes.customerNote') })),
    ...conversationNotes.map((m) => ({ key: `m${m.id}`, body: m.bodyText, at: m.createdAt, who: t('notes.onConversation') })),
  ].sort((a, b) => b.at - a.at);
  const submit = async (): Promise<void> => {
    const body = text.trim();
    if (!body) return;
    try {
      await addNote({ customerId, body }).unwrap();
      setText('');
    } catch {
      // shown below; the text stays
    }
  };
  return (
    <div>
      <form
        className="note-form"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <label className="visually-hidden" htmlFor={`cnote-${customerId}`}>
          {t('notes.label')}
        </label>
        <textarea
          id={`cnote-${customerId}`}
          className="input-small"
          rows={2}
          maxLength={4000}
          value={text}
          placeholder={t('notes.placeholder')}
          onChange={(e) => setText(e.target.value)}
        />
        <button type="submit" className="btn btn-small" disabled={!ready || state.isLoading || text.trim().length === 0}>
          {t('notes.save')}
        </button>
      </form>
      {state.error && (
        <p className="inline-error small" role="alert">
          {errorText(state.error)}
        </p>
      )}
      {rows.length === 0 ? (
        <p className="muted small">{t('notes.none')}</p>
      ) : (
        <ul className="notes" role="list">
          {rows.map((n) => (
            <li key={n.key} className="note">
              <div className="note-text">{n.body}</div>
              <div className="muted small">
                {n.who} · {formatWhen(n.at)}
              </div>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

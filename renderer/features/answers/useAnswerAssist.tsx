import { useId, useLayoutEffect, useRef, useState, type KeyboardEvent, type ReactNode, type RefObject } from 'react';
import type { CannedResponse } from '../../../services/contracts';
import { errorText } from '../../app/api';
import { useHubReady } from '../../app/hooks';
import { useT } from '../../i18n';
import { useAnswersListQuery, useAnswersRenderMutation } from './answersApi';
import { matchAnswers, slashQueryAt } from './matchAnswers';
import { missingPlaceholderKey } from './placeholderWords';

type Assist = Readonly<{
  /** Spread on the composer's textarea (caret tracking and the suggestion list's ARIA). */
  textareaProps: Readonly<{
    'aria-autocomplete': 'list';
    'aria-controls'?: string;
    'aria-activedescendant'?: string;
    onSelect: (e: React.SyntheticEvent<HTMLTextAreaElement>) => void;
  }>;
  /** Call first in the textarea's onKeyDown; true when the list used the key. */
  onKeyDown: (e: KeyboardEvent<HTMLTextAreaElement>) => boolean;
  /** Call from the textarea's onChange with its new caret. */
  caretMoved: (caret: number) => void;
  /** Opens the list at the caret, as typing `/` does (for the toolbar button). */
  openAtCaret: () => void;
  /** The suggestions list and the "fill in" note, rendered just above the textarea. */
  popup: ReactNode;
}>;

/**
 * `/` in any composer: the answers that fit this conversation, filtered as you type (`/ref`), ↑↓ to pick,
 * Enter or Tab to insert, Esc to dismiss. The hub fills the placeholders; a value it does not know stays
 * visible as [..] and is named below the box, so nothing half-filled goes out unnoticed.
 */
export function useAnswerAssist(
  conversationId: number,
  text: string,
  replaceText: (next: string) => void,
  textarea: RefObject<HTMLTextAreaElement | null>,
): Assist {
  const { t } = useT('answers');
  const listId = useId();
  const ready = useHubReady();
  const answers = useAnswersListQuery(conversationId, { skip: !ready }).data?.answers ?? [];
  const [render, rendering] = useAnswersRenderMutation();
  const [caret, setCaret] = useState<number | null>(null);
  const [active, setActive] = useState(0);
  const [dismissedAt, setDismissedAt] = useState<number | null>(null);
  const [missing, setMissing] = useState<readonly string[]>([]);
  const pendingCaret = useRef<number | null>(null);

  const slash = caret === null ? null : slashQueryAt(text, caret);
  const matches = slash && slash.start !== dismissedAt ? matchAnswers(answers, slash.query) : [];
  const open = slash !== null && slash.start !== dismissedAt;
  const activeIndex = Math.min(active, Math.max(0, matches.length - 1));

  useLayoutEffect(() => {
    if (pendingCaret.current === null || !textarea.current) return;
    textarea.current.setSelectionRange(pendingCaret.current, pendingCaret.current);
    setCaret(pendingCaret.current);
    pendingCaret.current = null;
  });

  const insert = async (answer: CannedResponse): Promise<void> => {
    if (!slash || caret === null) return;
    const result = await render({ answerId: answer.id, conversationId });
    if ('error' in result) return;
    const next = text.slice(0, slash.start) + result.data.text + text.slice(caret);
    pendingCaret.current = slash.start + result.data.text.length;
    setMissing(result.data.missing);
    setDismissedAt(null);
    replaceText(next);
    textarea.current?.focus();
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>): boolean => {
    if (!open) return false;
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      setDismissedAt(slash.start);
      return true;
    }
    if (matches.length === 0) return false;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((activeIndex + (e.key === 'ArrowDown' ? 1 : matches.length - 1)) % matches.length);
      return true;
    }
    if ((e.key === 'Enter' && !e.ctrlKey && !e.metaKey && !e.shiftKey) || e.key === 'Tab') {
      e.preventDefault();
      const chosen = matches[activeIndex];
      if (chosen) void insert(chosen);
      return true;
    }
    return false;
  };

  const optionId = (i: number): string => `${listId}-o${i}`;
  const popup = (
    <>
      {open && (
        <div className="answer-assist" aria-live="polite">
          {matches.length === 0 ? (
            <p className="muted small answer-assist-empty">
              {answers.length === 0 ? t('assist.none') : t('assist.noMatch', { query: slash.query })} {t('assist.escCloses')}
            </p>
          ) : (
            <ul id={listId} role="listbox" aria-label={t('title')} className="answer-list">
              {matches.map((a, i) => (
                <li
                  key={a.id}
                  id={optionId(i)}
                  role="option"
                  aria-selected={i === activeIndex}
                  className={`answer-option${i === activeIndex ? ' active' : ''}`}
                  onMouseDown={(e) => {
                    e.preventDefault();
                    void insert(a);
                  }}
                >
                  <span className="answer-shortcut">/{a.shortcut}</span>
                  <span className="answer-title">{a.title}</span>
                  <span className="answer-scope muted small">
                    {a.scope === 'personal' ? t('scope.yours') : a.queueId ? t('scope.queue') : t('scope.shared')}
                  </span>
                  <span className="answer-preview muted small">{a.body}</span>
                </li>
              ))}
            </ul>
          )}
          {rendering.error ? (
            <p className="inline-error small" role="alert">
              {errorText(rendering.error)}
            </p>
          ) : null}
        </div>
      )}
      {missing.length > 0 && (
        <p className="answer-missing small" role="status">
          {t('assist.missing', {
            fields: missing
              .map((words) => {
                const key = missingPlaceholderKey(words);
                return key ? t(key) : words;
              })
              .join(', '),
          })}
        </p>
      )}
    </>
  );

  return {
    textareaProps: {
      // A multi-line textbox keeps its role; the list it controls and the active option are announced.
      'aria-autocomplete': 'list',
      ...(open && matches.length > 0 ? { 'aria-controls': listId, 'aria-activedescendant': optionId(activeIndex) } : {}),
      onSelect: (e) => setCaret(e.currentTarget.selectionStart),
    },
    onKeyDown,
    caretMoved: (next) => {
      setCaret(next);
      setActive(0);
      if (missing.length > 0 && !/\[[^\]]+\]/.test(text)) setMissing([]);
    },
    openAtCaret: () => {
      const at = textarea.current?.selectionStart ?? text.length;
      const needsSpace = at > 0 && !/\s/.test(text[at - 1] ?? '');
      const next = `${text.slice(0, at)}${needsSpace ? ' ' : ''}/${text.slice(at)}`;
      pendingCaret.current = at + (needsSpace ? 2 : 1);
      setDismissedAt(null);
      replaceText(next);
      textarea.current?.focus();
    },
    popup,
  };
}

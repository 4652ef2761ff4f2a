import { useEffect, useRef } from 'react';
import { errorText, useCloseConversationMutation, useSessionMeQuery } from '../../app/api';
import { useAppDispatch, useAppSelector, useHubReady } from '../../app/hooks';
import { wrapUpEdited } from '../worklist/worklistSlice';
import { useT } from '../../i18n';

/** The hub's disposition codes: the shipped ones have words in each language, others read as configured, tidied. */
const tidy = (code: string): string => code.replace(/[_-]+/g, ' ').replace(/^\w/, (c) => c.toUpperCase());

/** Disposition (from session/me), an optional note, then close. Focus lands on the first choice. */
export function WrapUpForm({ conversationId }: Readonly<{ conversationId: number }>) {
  const { t } = useT('wrapup');
  const ready = useHubReady();
  const { data: me } = useSessionMeQuery(undefined, { skip: !ready });
  const [close, { isLoading, error }] = useCloseConversationMutation();
  const dispatch = useAppDispatch();
  const { disposition, note } = useAppSelector((s) => s.worklist.wrapUps[conversationId] ?? { disposition: null, note: '' });
  const setDisposition = (value: string): void => {
    dispatch(wrapUpEdited({ conversationId, disposition: value, note }));
  };
  const setNote = (value: string): void => {
    dispatch(wrapUpEdited({ conversationId, disposition, note: value }));
  };
  const groupRef = useRef<HTMLFieldSetElement>(null);
  const dispositions = me?.dispositions ?? [];

  useEffect(() => {
    groupRef.current?.querySelector<HTMLInputElement>('input')?.focus();
  }, [dispositions.length]);

  return (
    <form
      className="wrapup"
      aria-labelledby="wrapup-title"
      onSubmit={(e) => {
        e.preventDefault();
        if (!disposition) return;
        void close({ conversationId, disposition, note: note.trim() || undefined });
      }}
    >
      <h2 id="wrapup-title" className="wrapup-title">
        {t('wrapUp.title')}
      </h2>
      <fieldset ref={groupRef} className="dispositions">
        <legend>{t('wrapUp.disposition')}</legend>
        {dispositions.map((code) => (
          <label key={code} className={`chip${disposition === code ? ' chip-on' : ''}`}>
            <input
              type="radio"
              name={`disposition-${conversationId}`}
              value={code}
              checked={disposition === code}
              onChange={() => setDisposition(code)}
            />
            {/^\w+$/.test(code) ? t(`wrapUp.dispositions.${code}`, { defaultValue: tidy(code) }) : tidy(code)}
          </label>
        ))}
      </fieldset>
      <label className="wrapup-note">
        <span>
          {t('wrapUp.note')} <span className="muted">{t('wrapUp.noteHint')}</span>
        </span>
        <textarea rows={2} value={note} onChange={(e) => setNote(e.target.value)} maxLength={4000} />
      </label>
      <div className="composer-foot">
        {error && (
          <span className="inline-error" role="alert">
            {errorText(error)}
          </span>
        )}
        <span className="muted small">{disposition ? '' : t('wrapUp.chooseToClose')}</span>
        <button type="submit" className="btn btn-primary" disabled={!ready || !disposition || isLoading}>
          {t('wrapUp.close')}
        </button>
      </div>
    </form>
  );
}

import { useState } from 'react';
import { answerPlaceholders, channelKinds, type CannedResponse, type ChannelKind } from '../../../services/contracts';
import { errorText, useQueueListQuery } from '../../app/api';
import { useAppSelector, useHubReady } from '../../app/hooks';
import { Dialog } from '../../common/Dialog';
import { useT } from '../../i18n';
import { matchAnswers } from './matchAnswers';
import { placeholderKey } from './placeholderWords';
import { useAnswersDeleteMutation, useAnswersListQuery, useAnswersSaveMutation } from './answersApi';

/** Catalogue keys (namespace 'answers') of each channel's name. */
const channelWords: Readonly<Record<ChannelKind, string>> = {
  voice: 'channel.voice',
  sms: 'channel.sms',
  email: 'channel.email',
  chat: 'channel.chat',
};

type Draft = Readonly<{
  id?: number;
  scope: 'shared' | 'personal';
  queueId: string | null;
  title: string;
  shortcut: string;
  body: string;
  channels: readonly ChannelKind[];
}>;

const SCOPES = ['shared', 'personal'] as const;
const blank = (scope: Draft['scope']): Draft => ({ scope, queueId: null, title: '', shortcut: '', body: '', channels: [] });
const toDraft = (a: CannedResponse): Draft => ({ ...a });

/**
 * The answer library: supervisors keep the shared answers (for every queue or one), everyone keeps their
 * own. The list filters as you type; the form says which placeholders the hub can fill.
 */
export function AnswersDialog({ onClose }: Readonly<{ onClose: () => void }>) {
  const { t } = useT('answers');
  const ready = useHubReady();
  const role = useAppSelector((s) => s.session.session?.agent.role);
  const keepsShared = role === 'supervisor' || role === 'admin';
  const answers = useAnswersListQuery(undefined, { skip: !ready }).data?.answers ?? [];
  const queues = (useQueueListQuery(undefined, { skip: !ready }).data ?? []).map((entry) => entry.queue);
  const [filter, setFilter] = useState('');
  const [draft, setDraft] = useState<Draft>(blank(keepsShared ? 'shared' : 'personal'));
  const [save, saving] = useAnswersSaveMutation();
  const [remove, removing] = useAnswersDeleteMutation();
  const editable = draft.scope === 'personal' || keepsShared;
  const shown = matchAnswers(answers, filter, 500);
  const edit = (change: Partial<Draft>): void => {
    saving.reset();
    setDraft((d) => ({ ...d, ...change }));
  };

  const submit = async (): Promise<void> => {
    const result = await save({
      ...(draft.id === undefined ? {} : { id: draft.id }),
      scope: draft.scope,
      queueId: draft.scope === 'shared' ? draft.queueId : null,
      title: draft.title,
      shortcut: draft.shortcut,
      body: draft.body,
      channels: [...draft.channels],
    });
    if ('data' in result && result.data) setDraft(toDraft(result.data));
  };

  return (
    <Dialog title={t('title')} onClose={onClose}>
      <div className="answers-manager">
        <div className="answers-index">
          <input
            type="search"
            className="answers-filter"
            placeholder={t('filter.placeholder')}
            aria-label={t('filter.label')}
            value={filter}
            onChange={(e) => setFilter(e.target.value)}
          />
          <button type="button" className="btn btn-small" onClick={() => setDraft(blank(keepsShared ? 'shared' : 'personal'))}>
            {t('new')}
          </button>
          <ul className="answers-index-list" aria-label={t('list')}>
            {shown.length === 0 && <li className="muted small pad">{answers.length === 0 ? t('none') : t('noMatch')}</li>}
            {shown.map((a) => (
              <li key={a.id}>
                <button
                  type="button"
                  className={`answers-index-item${draft.id === a.id ? ' active' : ''}`}
                  aria-current={draft.id === a.id}
                  onClick={() => setDraft(toDraft(a))}
                >
                  <span className="answer-shortcut">/{a.shortcut}</span> {a.title}
                  <span className="muted small">
                    {' '}
                    ·{' '}
                    {a.scope === 'personal'
                      ? t('scope.yours')
                      : a.queueId
                        ? (queues.find((q) => q.id === a.queueId)?.name ?? a.queueId)
                        : t('scope.allQueues')}
                  </span>
                </button>
              </li>
            ))}
          </ul>
        </div>
        <form
          className="dialog-body answers-form"
          aria-label={draft.id === undefined ? t('new') : t('edit', { shortcut: draft.shortcut })}
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          {keepsShared && draft.id === undefined && (
            <fieldset className="segmented">
              <legend className="visually-hidden">{t('form.who')}</legend>
              {SCOPES.map((scope) => (
                <label key={scope} className={draft.scope === scope ? 'on' : ''}>
                  <input type="radio" name="answer-scope" checked={draft.scope === scope} onChange={() => edit({ scope })} />
                  {scope === 'shared' ? t('form.shared') : t('form.onlyMe')}
                </label>
              ))}
            </fieldset>
          )}
          <label>
            {t('form.title')}
            <input value={draft.title} disabled={!editable} maxLength={120} onChange={(e) => edit({ title: e.target.value })} />
          </label>
          <label>
            {t('form.shortcut')}
            <input value={draft.shortcut} disabled={!editable} maxLength={32} onChange={(e) => edit({ shortcut: e.target.value })} />
          </label>
          {draft.scope === 'shared' && (
            <label>
              {t('form.queue')}
              <select value={draft.queueId ?? ''} disabled={!editable} onChange={(e) => edit({ queueId: e.target.value || null })}>
                <option value="">{t('form.everyQueue')}</option>
                {queues.map((q) => (
                  <option key={q.id} value={q.id}>
                    {q.name}
                  </option>
                ))}
              </select>
            </label>
          )}
          <fieldset className="answers-channels" disabled={!editable}>
            <legend>{t('form.channels')}</legend>
            {channelKinds.map((c) => (
              <label key={c} className={`chip${draft.channels.includes(c) ? ' chip-on' : ''}`}>
                <input
                  type="checkbox"
                  checked={draft.channels.includes(c)}
                  onChange={(e) => edit({ channels: e.target.checked ? [...draft.channels, c] : draft.channels.filter((x) => x !== c) })}
                />
                {t(channelWords[c])}
              </label>
            ))}
          </fieldset>
          <label>
            {t('form.text')}
            <textarea value={draft.body} disabled={!editable} rows={6} maxLength={8000} onChange={(e) => edit({ body: e.target.value })} />
          </label>
          <p className="muted small answers-placeholders">
            {t('form.filledIn')}{' '}
            {Object.keys(answerPlaceholders).map((key) => (
              <button
                key={key}
                type="button"
                className="chip chip-button"
                disabled={!editable}
                title={t('form.insert', { what: t(placeholderKey(key)) })}
                onClick={() => edit({ body: `${draft.body}{{${key}}}` })}
              >
                {`{{${key}}}`}
              </button>
            ))}
          </p>
          {(saving.error ?? removing.error) && (
            <p className="inline-error" role="alert">
              {errorText(saving.error ?? removing.error)}
            </p>
          )}
          {!editable && <p className="muted small">{t('form.keptBySupervisors')}</p>}
          <div className="dialog-actions">
            {draft.id !== undefined && editable && (
              <button
                type="button"
                className="btn btn-danger"
                onClick={async () => {
                  if (draft.id === undefined) return;
                  const result = await remove({ id: draft.id });
                  if ('data' in result) setDraft(blank(draft.scope));
                }}
              >
                {t('delete')}
              </button>
            )}
            <button type="button" className="btn" onClick={onClose}>
              {t('close')}
            </button>
            <button type="submit" className="btn btn-primary" disabled={!editable || saving.isLoading}>
              {saving.isSuccess ? t('saved') : t('save')}
            </button>
          </div>
        </form>
      </div>
    </Dialog>
  );
}

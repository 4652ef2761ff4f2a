import { useId, useState } from 'react';
import {
  AckSettings,
  BusinessHours,
  CUSTOMER_LANGUAGES,
  channelKinds,
  defaultAckSettings,
  type AckQueue,
  type Queue,
} from '../../../../services/contracts';
import { errorText } from '../../../app/api';
import { AcknowledgementsSection } from './AcknowledgementsSection';
import { HoursEditor } from './HoursEditor';
import { channelLabel, check, hoursInput, previewOf, type QueueDraft, type SkillDraft } from './queueDraft';
import { i18n, useT } from '../../../i18n';
import { useQueueAckGetQuery, useQueueAckSetMutation, useQueueUpsertMutation } from './queuesAdminApi';
import { useNow } from './useNow';

type Props = Readonly<{
  /** The queue being edited; undefined: a new one. */
  queue?: Queue;
  initial: QueueDraft;
  knownSkills: readonly string[];
  onSaved: (queue: Queue) => void;
  onCancel: () => void;
  /** The first edit after a save: the "saved" notice no longer describes the form. */
  onEdited: () => void;
}>;

function Field({ label, hint, children }: Readonly<{ label: string; hint?: string; children: (id: string) => React.ReactNode }>) {
  const id = useId();
  return (
    <div className="qa-field">
      <label htmlFor={id}>{label}</label>
      {children(id)}
      {hint && <span className="muted small">{hint}</span>}
    </div>
  );
}

function SkillRows({
  skills,
  known,
  onChange,
}: Readonly<{ skills: readonly SkillDraft[]; known: readonly string[]; onChange: (s: readonly SkillDraft[]) => void }>) {
  const listId = useId();
  const { t } = useT('admin/queues');
  const unused = known.filter((k) => !skills.some((s) => s.skill === k));
  return (
    <div className="qa-skills">
      <datalist id={listId}>
        {unused.map((k) => (
          <option key={k} value={k} />
        ))}
      </datalist>
      {skills.length === 0 && <p className="muted small">{t('skills.any')}</p>}
      {skills.map((s, i) => (
        <div key={i} className="qa-skill">
          <input
            aria-label={t('skills.skill', { n: i + 1 })}
            list={listId}
            placeholder={t('skills.placeholder')}
            value={s.skill}
            onChange={(e) => onChange(skills.map((x, j) => (j === i ? { ...x, skill: e.target.value } : x)))}
          />
          <label className="qa-inline">
            {t('skills.atLeast')}
            <select
              aria-label={t('skills.minimum', { n: i + 1 })}
              value={s.level}
              onChange={(e) => onChange(skills.map((x, j) => (j === i ? { ...x, level: e.target.value } : x)))}
            >
              {Array.from({ length: 10 }, (_, n) => (
                <option key={n + 1} value={String(n + 1)}>
                  {n + 1}
                </option>
              ))}
            </select>
          </label>
          <button
            type="button"
            className="btn btn-ghost btn-small"
            aria-label={t('skills.removeLabel', { n: i + 1 })}
            onClick={() => onChange(skills.filter((_, j) => j !== i))}
          >
            {t('skills.remove')}
          </button>
        </div>
      ))}
      <button type="button" className="btn btn-small" onClick={() => onChange([...skills, { skill: unused[0] ?? '', level: '1' }])}>
        {t('skills.add')}
      </button>
    </div>
  );
}

/** Where an acknowledgement problem is, in the form's words ("email, while closed"). */
function ackPlace(path: readonly PropertyKey[]): string {
  const known = new Set(['sms', 'email', 'open', 'closed', 'perAddressMinutes']);
  return path.map((p) => (known.has(String(p)) ? i18n.t(`ackPlace.${String(p)}`, { ns: 'admin/queues' }) : String(p))).join(', ');
}

/** Create or edit one queue. Checked with the contract's schema before it is sent; the hub checks again. */
export function QueueForm({ queue, initial, knownSkills, onSaved, onCancel, onEdited }: Props) {
  const [draft, setDraftState] = useState<QueueDraft>(initial);
  const { t } = useT('admin/queues');
  const setDraft = (next: QueueDraft): void => {
    setDraftState(next);
    onEdited();
  };
  const [problems, setProblems] = useState<readonly string[]>([]);
  const [upsert, { isLoading }] = useQueueUpsertMutation();
  const [saveAck, { isLoading: ackSaving }] = useQueueAckSetMutation();
  const now = useNow();
  const creating = queue === undefined;
  const savedAck = useQueueAckGetQuery(queue?.id ?? '', { skip: creating });
  // undefined: not edited, the saved settings (or the defaults, all off) are shown and not saved again.
  const [ackEdit, setAckEdit] = useState<AckSettings | undefined>(undefined);
  const ack = ackEdit ?? savedAck.data?.settings ?? defaultAckSettings;
  const setAck = (next: AckSettings): void => {
    setAckEdit(next);
    onEdited();
  };
  const hours = BusinessHours.safeParse(hoursInput(draft));
  const ackQueue: AckQueue = {
    name: draft.name.trim() || t('form.thisQueue'),
    slaSeconds: Math.max(1, Number(draft.slaSeconds) || 60),
    ...(hours.success && draft.hoursOn ? { hours: hours.data } : {}),
  };
  const preview = previewOf(draft, now);
  const set = (patch: Partial<QueueDraft>) => setDraft({ ...draft, ...patch });

  const save = async (): Promise<void> => {
    const checked = check(draft, creating ? 'create' : 'update');
    const ackChecked = ackEdit === undefined ? undefined : AckSettings.safeParse(ackEdit);
    const ackProblems =
      ackChecked?.success === false
        ? ackChecked.error.issues.map((i) => t('form.ackProblem', { place: ackPlace(i.path), message: i.message }))
        : [];
    if (!checked.ok || ackProblems.length > 0) return setProblems([...(checked.ok ? [] : checked.problems), ...ackProblems]);
    setProblems([]);
    try {
      const saved = await upsert(checked.input).unwrap();
      if (ackChecked?.success) {
        await saveAck({ queueId: saved.id, settings: ackChecked.data }).unwrap();
        setAckEdit(undefined);
      }
      onSaved(saved);
    } catch (e) {
      setProblems([errorText(e)]);
    }
  };

  return (
    <form
      className="qa-form"
      aria-label={creating ? t('list.new') : t('form.editLabel', { name: queue.name })}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <h2 className="qa-form-title">{creating ? t('list.new') : queue.name}</h2>
      <section className="qa-section">
        <h3>{t('form.queue')}</h3>
        <div className="qa-grid">
          <Field label={t('form.name')}>
            {(id) => <input id={id} value={draft.name} maxLength={120} onChange={(e) => set({ name: e.target.value })} />}
          </Field>
          <Field label={t('form.id')} hint={creating ? t('form.idHint') : t('form.idFixed')}>
            {(id) => <input id={id} value={draft.id} maxLength={64} readOnly={!creating} onChange={(e) => set({ id: e.target.value })} />}
          </Field>
          <Field label={t('form.language')} hint={t('form.languageHint')}>
            {(id) => (
              <select id={id} value={draft.language} onChange={(e) => set({ language: e.target.value === 'es' ? 'es' : 'en' })}>
                {CUSTOMER_LANGUAGES.map((l) => (
                  <option key={l} value={l}>
                    {t(`form.languageName.${l}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
        <fieldset className="qa-channels">
          <legend>{t('form.channels')}</legend>
          {channelKinds.map((c) => (
            <label key={c} className="qa-inline">
              <input
                type="checkbox"
                checked={draft.channels.includes(c)}
                onChange={(e) =>
                  set({
                    channels: e.target.checked
                      ? channelKinds.filter((k) => k === c || draft.channels.includes(k))
                      : draft.channels.filter((k) => k !== c),
                  })
                }
              />
              {channelLabel(c)}
            </label>
          ))}
        </fieldset>
      </section>

      <section className="qa-section">
        <h3>{t('form.serviceLevel')}</h3>
        <div className="qa-grid qa-grid-4">
          <Field label={t('form.sla')} hint={t('form.slaHint')}>
            {(id) => <input id={id} type="number" min={1} value={draft.slaSeconds} onChange={(e) => set({ slaSeconds: e.target.value })} />}
          </Field>
          <Field label={t('form.slGoal')} hint={t('form.slGoalHint')}>
            {(id) => (
              <input
                id={id}
                type="number"
                min={1}
                max={100}
                value={draft.slTargetPercent}
                onChange={(e) => set({ slTargetPercent: e.target.value })}
              />
            )}
          </Field>
          <Field label={t('form.priority')} hint={t('form.priorityHint')}>
            {(id) => (
              <input id={id} type="number" min={0} max={100} value={draft.priority} onChange={(e) => set({ priority: e.target.value })} />
            )}
          </Field>
          <Field label={t('form.sticky')} hint={t('form.stickyHint')}>
            {(id) => (
              <input
                id={id}
                type="number"
                min={0}
                placeholder={t('form.stickyDefault')}
                value={draft.stickyWindowHours}
                onChange={(e) => set({ stickyWindowHours: e.target.value })}
              />
            )}
          </Field>
        </div>
        <h4 className="qa-subhead">{t('form.skills')}</h4>
        <SkillRows skills={draft.skills} known={knownSkills} onChange={(skills) => set({ skills })} />
      </section>

      <section className="qa-section">
        <div className="qa-section-head">
          <h3>{t('form.hours')}</h3>
          <span
            className={`qa-status ${preview === null ? 'qa-status-unknown' : preview.open ? 'qa-status-open' : 'qa-status-closed'}`}
            role="status"
            aria-label={t('form.hoursPreview')}
          >
            {preview?.text ?? t('form.hoursUnfinished')}
          </span>
        </div>
        <p className="muted small">{t('form.hoursHint')}</p>
        <HoursEditor draft={draft} onChange={setDraft} />
      </section>

      <AcknowledgementsSection settings={ack} queue={ackQueue} now={now} onChange={setAck} />

      <footer className="qa-footer">
        {problems.length > 0 && (
          <ul className="qa-problems" role="alert">
            {problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        )}
        <div className="qa-actions">
          <button type="button" className="btn" onClick={onCancel}>
            {t('form.cancel')}
          </button>
          <button type="submit" className="btn btn-primary" disabled={isLoading || ackSaving}>
            {creating ? t('form.create') : t('form.save')}
          </button>
        </div>
      </footer>
    </form>
  );
}

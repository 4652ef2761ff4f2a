import { useId, useState } from 'react';
import { AckSettings, BusinessHours, channelKinds, defaultAckSettings, type AckQueue, type Queue } from '../../../../services/contracts';
import { errorText } from '../../../app/api';
import { AcknowledgementsSection } from './AcknowledgementsSection';
import { HoursEditor } from './HoursEditor';
import { channelLabels, check, hoursInput, previewOf, type QueueDraft, type SkillDraft } from './queueDraft';
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
  const unused = known.filter((k) => !skills.some((s) => s.skill === k));
  return (
    <div className="qa-skills">
      <datalist id={listId}>
        {unused.map((k) => (
          <option key={k} value={k} />
        ))}
      </datalist>
      {skills.length === 0 && <p className="muted small">Any agent who takes these channels can answer.</p>}
      {skills.map((s, i) => (
        <div key={i} className="qa-skill">
          <input
            aria-label={`Skill ${i + 1}`}
            list={listId}
            placeholder="skill"
            value={s.skill}
            onChange={(e) => onChange(skills.map((x, j) => (j === i ? { ...x, skill: e.target.value } : x)))}
          />
          <label className="qa-inline">
            at least
            <select
              aria-label={`Skill ${i + 1} minimum level`}
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
            aria-label={`Remove skill ${i + 1}`}
            onClick={() => onChange(skills.filter((_, j) => j !== i))}
          >
            Remove
          </button>
        </div>
      ))}
      <button type="button" className="btn btn-small" onClick={() => onChange([...skills, { skill: unused[0] ?? '', level: '1' }])}>
        Add skill
      </button>
    </div>
  );
}

/** Where an acknowledgement problem is, in the form's words ("email, while closed"). */
function ackPlace(path: readonly PropertyKey[]): string {
  const words: Readonly<Record<string, string>> = {
    sms: 'text messages',
    email: 'email',
    open: 'while open',
    closed: 'while closed',
    perAddressMinutes: 'at most one per customer every',
  };
  return path.map((p) => words[String(p)] ?? String(p)).join(', ');
}

/** Create or edit one queue. Checked with the contract's schema before it is sent; the hub checks again. */
export function QueueForm({ queue, initial, knownSkills, onSaved, onCancel, onEdited }: Props) {
  const [draft, setDraftState] = useState<QueueDraft>(initial);
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
    name: draft.name.trim() || 'This queue',
    slaSeconds: Math.max(1, Number(draft.slaSeconds) || 60),
    ...(hours.success && draft.hoursOn ? { hours: hours.data } : {}),
  };
  const preview = previewOf(draft, now);
  const set = (patch: Partial<QueueDraft>) => setDraft({ ...draft, ...patch });

  const save = async (): Promise<void> => {
    const checked = check(draft, creating ? 'create' : 'update');
    const ackChecked = ackEdit === undefined ? undefined : AckSettings.safeParse(ackEdit);
    const ackProblems =
      ackChecked?.success === false ? ackChecked.error.issues.map((i) => `Acknowledgements, ${ackPlace(i.path)}: ${i.message}`) : [];
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
      aria-label={creating ? 'New queue' : `Edit ${queue.name}`}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <h2 className="qa-form-title">{creating ? 'New queue' : queue.name}</h2>
      <section className="qa-section">
        <h3>Queue</h3>
        <div className="qa-grid">
          <Field label="Name">
            {(id) => <input id={id} value={draft.name} maxLength={120} onChange={(e) => set({ name: e.target.value })} />}
          </Field>
          <Field
            label="ID"
            hint={
              creating
                ? 'Lower-case letters, digits, - and _. Used in links and the chat snippet; it cannot change later.'
                : 'Cannot change after the queue is created.'
            }
          >
            {(id) => <input id={id} value={draft.id} maxLength={64} readOnly={!creating} onChange={(e) => set({ id: e.target.value })} />}
          </Field>
        </div>
        <fieldset className="qa-channels">
          <legend>Channels</legend>
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
              {channelLabels[c]}
            </label>
          ))}
        </fieldset>
      </section>

      <section className="qa-section">
        <h3>Service level and routing</h3>
        <div className="qa-grid qa-grid-4">
          <Field label="Answer target (seconds)" hint="Answered within this counts as in service level.">
            {(id) => <input id={id} type="number" min={1} value={draft.slaSeconds} onChange={(e) => set({ slaSeconds: e.target.value })} />}
          </Field>
          <Field label="Service level goal (%)" hint="Share to answer within the target.">
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
          <Field label="Priority" hint="0 to 100; higher is offered first.">
            {(id) => (
              <input id={id} type="number" min={0} max={100} value={draft.priority} onChange={(e) => set({ priority: e.target.value })} />
            )}
          </Field>
          <Field label="Sticky window (hours)" hint="Returning customers go to their last agent first. Blank: the hub default.">
            {(id) => (
              <input
                id={id}
                type="number"
                min={0}
                placeholder="default"
                value={draft.stickyWindowHours}
                onChange={(e) => set({ stickyWindowHours: e.target.value })}
              />
            )}
          </Field>
        </div>
        <h4 className="qa-subhead">Required skills</h4>
        <SkillRows skills={draft.skills} known={knownSkills} onChange={(skills) => set({ skills })} />
      </section>

      <section className="qa-section">
        <div className="qa-section-head">
          <h3>Business hours</h3>
          <span
            className={`qa-status ${preview === null ? 'qa-status-unknown' : preview.open ? 'qa-status-open' : 'qa-status-closed'}`}
            role="status"
            aria-label="Hours preview"
          >
            {preview?.text ?? 'Finish the hours to see when it opens'}
          </span>
        </div>
        <p className="muted small">Every channel follows these: calls outside them go to voicemail, the chat shows its offline form.</p>
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
            Cancel
          </button>
          <button type="submit" className="btn btn-primary" disabled={isLoading || ackSaving}>
            {creating ? 'Create queue' : 'Save changes'}
          </button>
        </div>
      </footer>
    </form>
  );
}

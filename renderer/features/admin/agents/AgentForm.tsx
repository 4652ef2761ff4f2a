import { useState, type FormEvent } from 'react';
import {
  channelKinds,
  defaultCapacity,
  HubCommands,
  Role,
  type AdminAgent,
  type CommandInput,
  type SkillLevels,
} from '../../../../services/contracts';
import { errorText } from '../../../app/api';
import { useHubReady } from '../../../app/hooks';
import { FormField } from '../common/FormField';
import { roleLabel } from '../common/format';
import { useAgentUpsertMutation } from './agentsApi';
import { CapacityFields, type CapacityDraft } from './CapacityFields';
import { SkillsEditor } from './SkillsEditor';
import { generateTemporaryPassword } from './temporaryPassword';
import { i18n, useT } from '../../../i18n';

type Props = Readonly<{
  /** Absent: a new agent. */
  agent?: AdminAgent;
  knownSkills: readonly string[];
  onSaved: (username: string, message: string) => void;
  onCancel: () => void;
}>;

type FieldErrors = Partial<Record<'username' | 'displayName' | 'role' | 'skills' | 'capacity' | 'password' | 'form', string>>;

/** Create or edit one agent, checked with the hub's own contract before it is sent. */
export function AgentForm({ agent, knownSkills, onSaved, onCancel }: Props) {
  const ready = useHubReady();
  const { t } = useT('admin/agents');
  const [upsert, { isLoading }] = useAgentUpsertMutation();
  const [username, setUsername] = useState(agent?.username ?? '');
  const [displayName, setDisplayName] = useState(agent?.displayName ?? '');
  const [role, setRole] = useState<Role>(agent?.role ?? 'agent');
  const [skills, setSkills] = useState<SkillLevels>(agent?.skills ?? {});
  const capacity0 = agent?.capacity ?? defaultCapacity;
  const [capacity, setCapacity] = useState<CapacityDraft>({
    voice: String(capacity0.voice),
    sms: String(capacity0.sms),
    email: String(capacity0.email),
    chat: String(capacity0.chat),
  });
  const [password, setPassword] = useState('');
  const [mustChange, setMustChange] = useState(true);
  const [errors, setErrors] = useState<FieldErrors>({});
  // An error is about the value it was found in: editing that field clears it (and the form-wide one).
  const edited = (field: keyof FieldErrors): void =>
    setErrors((e) => (e[field] || e.form ? { ...e, [field]: undefined, form: undefined } : e));

  const save = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const input: CommandInput<'admin/agentUpsert'> = {
      mode: agent ? 'update' : 'create',
      username: username.trim(),
      displayName: displayName.trim(),
      role,
      skills,
      capacity: Object.fromEntries(channelKinds.map((k) => [k, capacity[k].trim() === '' ? Number.NaN : Number(capacity[k])])) as never,
      ...(agent ? {} : { password, mustChangePassword: mustChange }),
    };
    const checked = HubCommands['admin/agentUpsert'].input.safeParse(input);
    const found: FieldErrors = {};
    if (!agent && password.length === 0) found.password = t('form.error.passwordMissing');
    if (!checked.success) {
      for (const issue of checked.error.issues) {
        const field = String(issue.path[0] ?? 'form') as keyof FieldErrors;
        found[field] ??= describeIssue(field, issue.message, issue.path.slice(1).join('.'));
      }
    }
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    try {
      const saved = await upsert(input).unwrap();
      onSaved(saved.username, agent ? t('form.saved', { name: saved.displayName }) : t('form.created', { name: saved.displayName }));
    } catch (e) {
      const text = errorText(e);
      setErrors(/taken/.test(text) ? { username: capitalise(text) } : { form: capitalise(text) });
    }
  };

  return (
    <form
      className="adm-form"
      onSubmit={(e) => void save(e)}
      aria-label={agent ? t('form.editLabel', { name: agent.displayName }) : t('list.new')}
      noValidate
    >
      {agent ? (
        <div className="adm-field">
          <span className="adm-label">{t('form.username')}</span>
          <span className="mono">{agent.username}</span>
          <span className="adm-hint">{t('form.usernameFixed')}</span>
        </div>
      ) : (
        <FormField label={t('form.username')} hint={t('form.usernameHint')} error={errors.username}>
          {(ids) => (
            <input
              {...ids}
              value={username}
              onChange={(e) => {
                setUsername(e.target.value);
                edited('username');
              }}
              autoComplete="off"
              autoFocus
            />
          )}
        </FormField>
      )}
      <FormField label={t('form.displayName')} hint={t('form.displayNameHint')} error={errors.displayName}>
        {(ids) => (
          <input
            {...ids}
            value={displayName}
            onChange={(e) => {
              setDisplayName(e.target.value);
              edited('displayName');
            }}
            autoComplete="off"
          />
        )}
      </FormField>
      <FormField label={t('form.role')} hint={t(`form.roleHelp.${role}`)} error={errors.role}>
        {(ids) => (
          <select {...ids} value={role} onChange={(e) => setRole(Role.parse(e.target.value))}>
            {Role.options.map((r) => (
              <option key={r} value={r}>
                {roleLabel(r)}
              </option>
            ))}
          </select>
        )}
      </FormField>
      <SkillsEditor
        skills={skills}
        knownSkills={knownSkills}
        onChange={(v) => {
          setSkills(v);
          edited('skills');
        }}
        error={errors.skills}
      />
      <CapacityFields
        value={capacity}
        onChange={(v) => {
          setCapacity(v);
          edited('capacity');
        }}
        error={errors.capacity}
      />
      {!agent && (
        <fieldset className="adm-fieldset">
          <legend>{t('form.firstPassword')}</legend>
          <FormField label={t('form.password')} hint={t('form.passwordHint')} error={errors.password}>
            {(ids) => (
              <div className="adm-inline">
                <input
                  {...ids}
                  className="mono adm-grow"
                  value={password}
                  onChange={(e) => {
                    setPassword(e.target.value);
                    edited('password');
                  }}
                  autoComplete="new-password"
                />
                <button
                  type="button"
                  className="btn btn-small"
                  onClick={() => {
                    setPassword(generateTemporaryPassword());
                    edited('password');
                  }}
                >
                  {t('form.generate')}
                </button>
              </div>
            )}
          </FormField>
          <label className="adm-check">
            <input type="checkbox" checked={mustChange} onChange={(e) => setMustChange(e.target.checked)} />
            {t('form.mustChange')}
          </label>
        </fieldset>
      )}
      {errors.form && (
        <p className="form-error" role="alert">
          {errors.form}
        </p>
      )}
      <div className="adm-form-actions">
        <button type="button" className="btn" onClick={onCancel}>
          {t('form.cancel')}
        </button>
        <button type="submit" className="btn btn-primary" disabled={!ready || isLoading}>
          {isLoading ? t('form.saving') : agent ? t('form.save') : t('form.create')}
        </button>
      </div>
    </form>
  );
}

/** The contract's check, in the admin's words (the zod message is shown only where it is specific). */
function describeIssue(field: keyof FieldErrors, message: string, sub: string): string {
  const t = i18n.getFixedT(null, 'admin/agents');
  switch (field) {
    case 'username':
      return t('form.error.username');
    case 'displayName':
      return t('form.error.displayName');
    case 'capacity':
      return sub
        ? t('form.error.capacityOf', { kind: t(`capacity.kind.${sub}`, { defaultValue: capitalise(sub) }) })
        : t('form.error.capacity');
    case 'skills':
      return t('form.error.skill', { skill: sub, message });
    case 'password':
      return t('form.error.password');
    case 'role':
    case 'form':
      return capitalise(message);
  }
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1) + (/[.!?]$/.test(text) ? '' : '.');
}

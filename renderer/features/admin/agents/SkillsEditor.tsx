import { useId, useState } from 'react';
import { SkillName, type SkillLevels } from '../../../../services/contracts';
import { useT } from '../../../i18n';

const levels = Array.from({ length: 10 }, (_, i) => i + 1);

type Props = Readonly<{
  skills: SkillLevels;
  knownSkills: readonly string[];
  onChange: (skills: SkillLevels) => void;
  error?: string | null;
}>;

/**
 * Skills with levels 1..10. New skills are picked from the ones the center already uses (queues' required
 * skills and other agents'), or typed when the skill is new to the center.
 */
export function SkillsEditor({ skills, knownSkills, onChange, error }: Props) {
  const listId = useId();
  const { t } = useT('admin/agents');
  const [name, setName] = useState('');
  const [level, setLevel] = useState(5);
  const [nameError, setNameError] = useState<string | null>(null);
  const entries = Object.entries(skills).sort(([a], [b]) => a.localeCompare(b));
  const offered = knownSkills.filter((s) => !(s in skills));

  const add = (): void => {
    const candidate = name.trim().toLowerCase();
    const parsed = SkillName.safeParse(candidate);
    if (!parsed.success) {
      setNameError(t('skills.badName'));
      return;
    }
    onChange({ ...skills, [parsed.data]: level });
    setName('');
    setNameError(null);
  };

  return (
    <fieldset className="adm-fieldset">
      <legend>{t('skills.legend')}</legend>
      {entries.length === 0 ? (
        <p className="muted small adm-none">{t('skills.none')}</p>
      ) : (
        <ul className="adm-skill-list" aria-label={t('skills.list')}>
          {entries.map(([skill, value]) => (
            <li key={skill} className="adm-skill-row">
              <span className="adm-skill-name">{skill}</span>
              <label className="visually-hidden" htmlFor={`${listId}-${skill}`}>
                {t('skills.levelOf', { skill })}
              </label>
              <select id={`${listId}-${skill}`} value={value} onChange={(e) => onChange({ ...skills, [skill]: Number(e.target.value) })}>
                {levels.map((l) => (
                  <option key={l} value={l}>
                    {t('skills.level', { level: l })}
                  </option>
                ))}
              </select>
              <button
                type="button"
                className="btn btn-small btn-ghost"
                aria-label={t('skills.removeLabel', { skill })}
                onClick={() => {
                  const { [skill]: _removed, ...rest } = skills;
                  onChange(rest);
                }}
              >
                {t('skills.remove')}
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="adm-skill-add">
        <label className="adm-grow">
          <span className="visually-hidden">{t('skills.newName')}</span>
          <input
            list={`${listId}-known`}
            value={name}
            placeholder={offered.length ? t('skills.addExample', { example: offered[0] }) : t('skills.addPlaceholder')}
            aria-label={t('skills.newName')}
            aria-invalid={nameError ? true : undefined}
            onChange={(e) => {
              setName(e.target.value);
              setNameError(null);
            }}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                add();
              }
            }}
          />
          <datalist id={`${listId}-known`}>
            {offered.map((s) => (
              <option key={s} value={s} />
            ))}
          </datalist>
        </label>
        <select aria-label={t('skills.newLevel')} value={level} onChange={(e) => setLevel(Number(e.target.value))}>
          {levels.map((l) => (
            <option key={l} value={l}>
              {t('skills.level', { level: l })}
            </option>
          ))}
        </select>
        <button type="button" className="btn btn-small" onClick={add} disabled={!name.trim()}>
          {t('skills.add')}
        </button>
      </div>
      {(nameError ?? error) && (
        <span className="adm-error" role="alert">
          {nameError ?? error}
        </span>
      )}
      {offered.length > 0 && (
        <p className="adm-hint">
          {t('skills.known')}{' '}
          {offered.map((s, i) => (
            <span key={s}>
              {i > 0 && ', '}
              <button
                type="button"
                className="adm-linkish"
                onClick={() => onChange({ ...skills, [s]: level })}
                aria-label={t('skills.addAt', { skill: s, level })}
              >
                {s}
              </button>
            </span>
          ))}
        </p>
      )}
    </fieldset>
  );
}

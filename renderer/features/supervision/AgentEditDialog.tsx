import { useState } from 'react';
import { Capacity, SkillLevels, type AgentSnapshot } from '../../../services/contracts';
import { errorText } from '../../app/api';
import { Dialog, DialogFooter } from '../../common/Dialog';
import { useUpdateAgentMutation } from './supervisionApi';
import { useT } from '../../i18n';

const channels = ['chat', 'sms', 'email', 'voice'] as const;

/** Skills as "name=level" lines and capacity per channel, validated with the contract's own schemas. */
export function AgentEditDialog({ agent, onClose }: Readonly<{ agent: AgentSnapshot; onClose: () => void }>) {
  const [skills, setSkills] = useState(
    Object.entries(agent.skills)
      .map(([k, v]) => `${k}=${v}`)
      .join('\n'),
  );
  const [capacity, setCapacity] = useState<Record<string, string>>(Object.fromEntries(channels.map((c) => [c, String(agent.capacity[c])])));
  const [error, setError] = useState<string | null>(null);
  const { t } = useT('supervision');
  const [update, { isLoading }] = useUpdateAgentMutation();

  const save = async (): Promise<void> => {
    const parsedSkills = SkillLevels.safeParse(
      Object.fromEntries(
        skills
          .split('\n')
          .map((l) => l.trim())
          .filter(Boolean)
          .map((l) => {
            const [name = '', level = ''] = l.split('=').map((s) => s.trim());
            return [name, Number(level)];
          }),
      ),
    );
    if (!parsedSkills.success)
      return setError(t('edit.skillsInvalid', { detail: parsedSkills.error.issues[0]?.message ?? t('edit.invalid') }));
    const parsedCapacity = Capacity.safeParse(Object.fromEntries(channels.map((c) => [c, Number(capacity[c])])));
    if (!parsedCapacity.success)
      return setError(
        t('edit.capacityInvalid', {
          channel: parsedCapacity.error.issues[0]?.path.join('.') ?? '',
          detail: parsedCapacity.error.issues[0]?.message ?? '',
        }),
      );
    try {
      await update({ agentId: agent.id, skills: parsedSkills.data, capacity: parsedCapacity.data }).unwrap();
      onClose();
    } catch (e) {
      setError(errorText(e));
    }
  };

  return (
    <Dialog title={t('edit.title', { name: agent.displayName })} onClose={onClose}>
      <form
        className="sv-form"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <label>
          {t('edit.skills')}
          <textarea rows={4} value={skills} onChange={(e) => setSkills(e.target.value)} />
        </label>
        <fieldset>
          <legend>{t('edit.capacity')}</legend>
          {channels.map((c) => (
            <label key={c} className="sv-inline">
              {t(`edit.channel.${c}`)}
              <input
                type="number"
                min={0}
                max={50}
                value={capacity[c]}
                onChange={(e) => setCapacity({ ...capacity, [c]: e.target.value })}
              />
            </label>
          ))}
        </fieldset>
        <DialogFooter error={error} onCancel={onClose} submitLabel={t('edit.save')} disabled={isLoading} />
      </form>
    </Dialog>
  );
}

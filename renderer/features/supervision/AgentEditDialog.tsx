import { useState } from 'react';
import { Capacity, SkillLevels, type AgentSnapshot } from '../../../services/contracts';
import { errorText } from '../../app/api';
import { Dialog, DialogFooter } from '../../common/Dialog';
import { useUpdateAgentMutation } from './supervisionApi';

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
      return setError(`Skills: ${parsedSkills.error.issues[0]?.message ?? 'invalid'} (one "skill=1..10" per line)`);
    const parsedCapacity = Capacity.safeParse(Object.fromEntries(channels.map((c) => [c, Number(capacity[c])])));
    if (!parsedCapacity.success)
      return setError(`Capacity: ${parsedCapacity.error.issues[0]?.path.join('.')} ${parsedCapacity.error.issues[0]?.message ?? ''}`);
    try {
      await update({ agentId: agent.id, skills: parsedSkills.data, capacity: parsedCapacity.data }).unwrap();
      onClose();
    } catch (e) {
      setError(errorText(e));
    }
  };

  return (
    <Dialog title={`${agent.displayName}: skills and capacity`} onClose={onClose}>
      <form
        className="sv-form"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <label>
          Skills (one per line, name=level)
          <textarea rows={4} value={skills} onChange={(e) => setSkills(e.target.value)} />
        </label>
        <fieldset>
          <legend>Capacity (simultaneous conversations)</legend>
          {channels.map((c) => (
            <label key={c} className="sv-inline">
              {c}
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
        <DialogFooter error={error} onCancel={onClose} submitLabel="Save" disabled={isLoading} />
      </form>
    </Dialog>
  );
}

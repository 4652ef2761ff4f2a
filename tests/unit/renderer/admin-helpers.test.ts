import { describe, expect, it } from 'vitest';
import type { AdminAgent } from '../../../services/contracts';
import { filterAgents } from '../../../renderer/features/admin/agents/agentFilters';
import { generateTemporaryPassword } from '../../../renderer/features/admin/agents/temporaryPassword';
import { actionText, actorText, detailLines, targetText } from '../../../renderer/features/admin/audit/describe';

const agent = (over: Partial<AdminAgent>): AdminAgent => ({
  id: 1,
  username: 'ann',
  displayName: 'Ann Lee',
  role: 'agent',
  skills: {},
  capacity: { voice: 1, chat: 3, email: 2, sms: 3 },
  disabled: false,
  mustChangePassword: false,
  presence: 'offline',
  state: 'offline',
  connected: false,
  ...over,
});

describe('Agents list filters', () => {
  const all = [
    agent({ id: 1, username: 'zed', displayName: 'Zed Ortiz', skills: { spanish: 4 } }),
    agent({ id: 2, username: 'ann', displayName: 'Ann Lee', role: 'supervisor', connected: true }),
    agent({ id: 3, username: 'bob', displayName: 'Bob Kim', disabled: true, mustChangePassword: true }),
  ];
  const names = (f: Parameters<typeof filterAgents>[1]) => filterAgents(all, f).map((a) => a.username);

  it('sorts by name and narrows by words (name, username, skill), role and status', () => {
    expect(names({ text: '', role: 'all', status: 'all' })).toEqual(['ann', 'bob', 'zed']);
    expect(names({ text: 'SPAN', role: 'all', status: 'all' })).toEqual(['zed']);
    expect(names({ text: 'kim bob', role: 'all', status: 'all' })).toEqual(['bob']);
    expect(names({ text: '', role: 'supervisor', status: 'all' })).toEqual(['ann']);
    expect(names({ text: '', role: 'all', status: 'disabled' })).toEqual(['bob']);
    expect(names({ text: '', role: 'all', status: 'active' })).toEqual(['ann', 'zed']);
    expect(names({ text: '', role: 'all', status: 'temporary' })).toEqual(['bob']);
    expect(names({ text: '', role: 'all', status: 'online' })).toEqual(['ann']);
  });
});

describe('audit log in plain words', () => {
  const names = new Map([[12, 'Ann Lee']]);
  it('names actions, actors and targets', () => {
    expect(actionText('agent.created')).toBe('Created an agent');
    expect(actionText('settings.email.updated')).toBe('Changed the email settings');
    expect(actionText('something.new')).toBe('something.new');
    expect(actorText({ kind: 'agent', agentId: 12, name: 'ann' }, names)).toBe('Ann Lee');
    expect(actorText({ kind: 'agent', agentId: 99, name: 'gone' }, names)).toBe('gone');
    expect(actorText({ kind: 'system' }, names)).toBe('The hub');
    expect(targetText('agent:12', names)).toBe('Ann Lee (agent 12)');
    expect(targetText('customer:40', names)).toBe('Customer #40');
    expect(targetText('queue:support', names)).toBe('Queue support');
    expect(targetText(null, names)).toBe('—');
  });

  it('shows changes as from → to and objects in name order', () => {
    expect(
      detailLines({
        role: { from: 'agent', to: 'supervisor' },
        skills: { spanish: 4, returns: 2 },
        mustChangePassword: true,
        client: '10.0.0.1',
      }),
    ).toEqual(['Role: agent → supervisor', 'Skills: returns 2, spanish 4', 'Must choose a new password: yes', 'From address: 10.0.0.1']);
  });
});

describe('temporary passwords', () => {
  it('are 12 characters without look-alikes, and differ each time', () => {
    const a = generateTemporaryPassword();
    expect(a).toMatch(/^[a-km-zA-HJ-NP-Z2-9]{12}$/);
    expect(new Set(Array.from({ length: 50 }, () => generateTemporaryPassword())).size).toBe(50);
  });
});

import type { AuditRecord } from '../../../../services/contracts';

/** Each recorded action in plain words; anything not listed (a newer hub's action) is shown as recorded. */
const actionWords: Readonly<Record<string, string>> = {
  'agent.created': 'Created an agent',
  'agent.updated': 'Changed an agent',
  'agent.roleChanged': 'Changed the role of an agent',
  'agent.disabled': 'Disabled an agent',
  'agent.enabled': 'Enabled an agent',
  'agent.passwordReset': 'Reset the password of an agent',
  'session.signedIn': 'Signed in',
  'session.signInRefused': 'Sign-in refused',
  'session.signedOut': 'Signed out',
  'session.passwordChanged': 'Changed their own password',
  'session.passwordChangeRefused': 'Password change refused (wrong current password)',
  'queue.created': 'Created a queue',
  'queue.updated': 'Changed a queue',
  'queue.acknowledgements.updated': 'Changed the automatic acknowledgements of a queue',
  'customer.merged': 'Merged two customer records',
  'customer.unmerged': 'Undid a customer merge',
  'supervisor.presenceSet': 'Set the presence of an agent',
  'supervisor.forcedSignOut': 'Signed an agent out',
  'supervisor.conversationMoved': 'Moved a conversation',
  'supervisor.conversationReassigned': 'Reassigned a conversation',
  'supervisor.monitorStarted': 'Started monitoring a conversation',
  'supervisor.monitorStopped': 'Stopped monitoring a conversation',
  'supervisor.whispered': 'Whispered to an agent',
  'supervisor.barged': 'Barged into a conversation',
};

export function actionText(action: string): string {
  return actionWords[action] ?? action;
}

/** The action filter's choices: a prefix each, "" for all. */
export const actionGroups: ReadonlyArray<Readonly<{ prefix: string; label: string }>> = [
  { prefix: '', label: 'All actions' },
  { prefix: 'agent.', label: 'Agent changes' },
  { prefix: 'session.', label: 'Sign-ins and passwords' },
  { prefix: 'queue.', label: 'Queues' },
  { prefix: 'settings.', label: 'Channel and hub settings' },
  { prefix: 'customer.', label: 'Customer merges' },
  { prefix: 'supervisor.', label: 'Supervisor actions' },
];

const targetKinds: Readonly<Record<string, string>> = {
  agent: 'Agent',
  queue: 'Queue',
  customer: 'Customer',
  conversation: 'Conversation',
  username: 'Username',
};

/** "agent:12" -> "Ann Lee (agent 12)" when the name is known, else "Agent 12". */
export function targetText(target: string | null, agentNames: ReadonlyMap<number, string>): string {
  if (!target) return '—';
  const [kind = '', ...rest] = target.split(':');
  const id = rest.join(':');
  if (kind === 'agent' && agentNames.has(Number(id))) return `${agentNames.get(Number(id))} (agent ${id})`;
  const label = targetKinds[kind];
  return label ? `${label} ${kind === 'customer' || kind === 'conversation' ? '#' : ''}${id}` : target;
}

export function actorText(actor: AuditRecord['actor'], agentNames: ReadonlyMap<number, string>): string {
  switch (actor.kind) {
    case 'agent':
      return agentNames.get(actor.agentId) ?? actor.name ?? `Agent ${actor.agentId}`;
    case 'apiKey':
      return `API key ${actor.keyId}`;
    case 'system':
      return 'The hub';
  }
}

const detailWords: Readonly<Record<string, string>> = {
  username: 'Username',
  displayName: 'Display name',
  role: 'Role',
  skills: 'Skills',
  capacity: 'Capacity',
  mustChangePassword: 'Must choose a new password',
  wasTemporary: 'Replaced a temporary password',
  client: 'From address',
  reason: 'Reason',
  from: 'From',
  to: 'To',
  survivorId: 'Kept record',
  mergedId: 'Merged record',
  mergeId: 'Merge',
  rule: 'Rule',
  queueId: 'Queue',
  priority: 'Priority',
  messageId: 'Message',
  toUsername: 'To agent',
  name: 'Name',
  channels: 'Channels',
  slaSeconds: 'Service-level threshold (s)',
};

function valueText(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  if (Array.isArray(value)) return value.map(valueText).join(', ') || '—';
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b));
    return entries.length ? entries.map(([k, v]) => `${k} ${valueText(v)}`).join(', ') : 'none';
  }
  return '';
}

function isChange(value: unknown): value is { from: unknown; to: unknown } {
  return typeof value === 'object' && value !== null && 'from' in value && 'to' in value && Object.keys(value).length === 2;
}

/** The detail as readable lines: "Role: agent → supervisor", "From address: 127.0.0.1". */
export function detailLines(detail: Readonly<Record<string, unknown>>): string[] {
  return Object.entries(detail).map(([key, value]) => {
    const label = detailWords[key] ?? key;
    return isChange(value) ? `${label}: ${valueText(value.from)} → ${valueText(value.to)}` : `${label}: ${valueText(value)}`;
  });
}

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

/** Channel settings sections by name, as the Channels tab calls them. */
const sectionWords: Readonly<Record<string, string>> = {
  email: 'email',
  twilio: 'phone and SMS',
  webchat: 'web chat',
};

/**
 * The action in words. A new queue is `queue.created` (older entries: `queue.updated` with `created: true`);
 * a channel save is `settings.<section>.updated`.
 */
export function actionText(action: string, detail: Readonly<Record<string, unknown>> = {}): string {
  if (action === 'queue.updated' && detail.created === true) return 'Created a queue';
  const settings = /^settings\.([a-z]+)\.updated$/.exec(action);
  if (settings) return `Changed the ${sectionWords[settings[1]!] ?? settings[1]} settings`;
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
  if (kind === 'settings') return `${capitalise(sectionWords[id] ?? id)} settings`;
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
  slaSeconds: 'Answer target (seconds)',
  slTargetPercent: 'Service level goal (%)',
  stickyWindowHours: 'Sticky window (hours)',
  shortAbandonSeconds: 'Short abandon (seconds)',
  hours: 'Business hours',
  testPassed: 'Connection test passed',
  // Channel settings (what `changed` lists).
  allowedOrigins: 'websites allowed',
  preChat: 'pre-chat form',
  title: 'title',
  mailboxes: 'mailboxes',
  smtp: 'outgoing mail',
  accountSid: 'account',
  authToken: 'auth token',
  apiKeySid: 'API key',
  apiKeySecret: 'API key secret',
  numbers: 'numbers',
  publicUrl: 'public address',
};

/** A recorded key in words: the table above, else its camelCase split ("offerTimeoutMs" -> "offer timeout ms"). */
function keyText(key: string): string {
  return detailWords[key] ?? key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Channel kinds as the console names them elsewhere (Calls · SMS · Emails · Chats). */
const channelWords: Readonly<Record<string, string>> = { voice: 'phone', sms: 'SMS', email: 'email', chat: 'web chat' };
const capacityWords: Readonly<Record<string, string>> = { voice: 'Calls', sms: 'SMS', email: 'Emails', chat: 'Chats' };

/** A value of a known field in words: channels and capacity by their names, not the hub's kinds. */
function fieldValueText(key: string, value: unknown): string {
  if (key === 'hours') return hoursText(value);
  if (key === 'channels' && Array.isArray(value)) return value.map((c) => channelWords[String(c)] ?? String(c)).join(', ') || '—';
  if (key === 'capacity' && typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const c = value as Record<string, unknown>;
    return ['voice', 'sms', 'email', 'chat']
      .filter((k) => k in c)
      .map((k) => `${capacityWords[k]} ${valueText(c[k])}`)
      .join(' · ');
  }
  return valueText(value);
}

/** Business hours in a line: "always open" or "set (Europe/Berlin)"; the editor shows the ranges. */
function hoursText(value: unknown): string {
  if (value === null || value === undefined) return 'always open';
  const zone = typeof value === 'object' && 'timeZone' in value ? String(value.timeZone) : '';
  return zone ? `set (${zone})` : 'set';
}

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

function changeLine(key: string, change: { from: unknown; to: unknown }, created: boolean): string {
  const text = (value: unknown) => fieldValueText(key, value);
  const label = capitalise(keyText(key));
  // A new queue has no "before": show what it was created with.
  return created ? `${label}: ${text(change.to)}` : `${label}: ${text(change.from)} → ${text(change.to)}`;
}

/**
 * The detail as readable lines: "Role: agent → supervisor", "From address: 127.0.0.1". A queue save's
 * `changes` become one line per field; a settings save's `changed` (key paths) one line in words.
 */
export function detailLines(detail: Readonly<Record<string, unknown>>): string[] {
  const created = detail.created === true;
  return Object.entries(detail).flatMap(([key, value]) => {
    if (key === 'created') return []; // said by the action ("Created a queue")
    if (key === 'changes' && typeof value === 'object' && value !== null && !Array.isArray(value))
      return Object.entries(value as Record<string, unknown>).map(([field, change]) =>
        isChange(change) ? changeLine(field, change, created) : `${capitalise(keyText(field))}: ${valueText(change)}`,
      );
    if (key === 'changed' && Array.isArray(value))
      return [
        `Changed: ${[...new Set(value.map((path) => keyText(String(path).split('.')[0] ?? '').toLowerCase()))].join(', ') || 'nothing'}`,
      ];
    return isChange(value) ? changeLine(key, value, created) : `${capitalise(keyText(key))}: ${fieldValueText(key, value)}`;
  });
}

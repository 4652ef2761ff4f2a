import type { AuditRecord } from '../../../../services/contracts';
import { i18n } from '../../../i18n';

/*
 * Everything here is shown in the user's language: the words are the 'admin/audit' catalogue's, looked up
 * by the recorded code ("agent.created" -> `action.agent_created`: a dot would be read as nesting). A code
 * the catalogue does not know (a newer hub's) is shown as recorded.
 */
const ta = (key: string, options?: Record<string, unknown>): string => i18n.t(key, { ns: 'admin/audit', ...options });
/** The catalogue's word for a recorded code, or undefined when it has none. */
function word(group: string, code: string): string | undefined {
  if (!/^[\w.]+$/.test(code)) return undefined;
  const key = `${group}.${code.replaceAll('.', '_')}`;
  return i18n.exists(key, { ns: 'admin/audit' }) ? ta(key) : undefined;
}

/**
 * The action in words. A new queue is `queue.created` (older entries: `queue.updated` with `created: true`);
 * a channel save is `settings.<section>.updated`.
 */
export function actionText(action: string, detail: Readonly<Record<string, unknown>> = {}): string {
  if (action === 'queue.updated' && detail.created === true) return ta('action.queue_created');
  const settings = /^settings\.([a-z]+)\.updated$/.exec(action);
  if (settings) return ta('changedSettings', { section: word('section', settings[1]!) ?? settings[1] });
  return word('action', action) ?? action;
}

/** The action filter's choices: a prefix each, "" for all; the words are the catalogue's `group.<name>`. */
const groupPrefixes = ['', 'agent.', 'session.', 'queue.', 'settings.', 'customer.', 'supervisor.'] as const;
export function actionGroups(): ReadonlyArray<Readonly<{ prefix: string; label: string }>> {
  return groupPrefixes.map((prefix) => ({ prefix, label: ta(`group.${prefix ? prefix.slice(0, -1) : 'all'}`) }));
}

/** "agent:12" -> "Ann Lee (agent 12)" when the name is known, else "Agent 12". */
export function targetText(target: string | null, agentNames: ReadonlyMap<number, string>): string {
  if (!target) return '—';
  const [kind = '', ...rest] = target.split(':');
  const id = rest.join(':');
  if (kind === 'agent' && agentNames.has(Number(id))) return ta('agentNamed', { name: agentNames.get(Number(id)), id });
  if (kind === 'settings') return ta('settingsTarget', { section: capitalise(word('section', id) ?? id) });
  const label = word('target', kind);
  return label ? `${label} ${kind === 'customer' || kind === 'conversation' ? '#' : ''}${id}` : target;
}

export function actorText(actor: AuditRecord['actor'], agentNames: ReadonlyMap<number, string>): string {
  switch (actor.kind) {
    case 'agent':
      return agentNames.get(actor.agentId) ?? actor.name ?? ta('agentId', { id: actor.agentId });
    case 'apiKey':
      return ta('apiKey', { id: actor.keyId });
    case 'system':
      return ta('theHub');
  }
}

/** A recorded key in words: the table above, else its camelCase split ("offerTimeoutMs" -> "offer timeout ms"). */
function keyText(key: string): string {
  return word('detail', key) ?? key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A value of a known field in words: channels and capacity by their names, not the hub's kinds. */
function fieldValueText(key: string, value: unknown): string {
  if (key === 'hours') return hoursText(value);
  if (key === 'channels' && Array.isArray(value)) return value.map((c) => word('channel', String(c)) ?? String(c)).join(', ') || '—';
  if (key === 'capacity' && typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const c = value as Record<string, unknown>;
    return ['voice', 'sms', 'email', 'chat']
      .filter((k) => k in c)
      .map((k) => `${word('capacity', k) ?? k} ${valueText(c[k])}`)
      .join(' · ');
  }
  return valueText(value);
}

/** Business hours in a line: "always open" or "set (Europe/Berlin)"; the editor shows the ranges. */
function hoursText(value: unknown): string {
  if (value === null || value === undefined) return ta('hours.alwaysOpen');
  const zone = typeof value === 'object' && 'timeZone' in value ? String(value.timeZone) : '';
  return zone ? ta('hours.setIn', { zone }) : ta('hours.set');
}

function valueText(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'boolean') return value ? ta('yes') : ta('no');
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  if (Array.isArray(value)) return value.map(valueText).join(', ') || '—';
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b));
    return entries.length ? entries.map(([k, v]) => `${k} ${valueText(v)}`).join(', ') : ta('none');
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
        ta('changedList', {
          list: [...new Set(value.map((path) => keyText(String(path).split('.')[0] ?? '').toLowerCase()))].join(', ') || ta('nothing'),
        }),
      ];
    return isChange(value) ? changeLine(key, value, created) : `${capitalise(keyText(key))}: ${fieldValueText(key, value)}`;
  });
}

import type { HubErrorShape } from '../../../../services/contracts';
import { i18n } from '../../../i18n';

const tc = (key: string): string => i18n.t(key, { ns: 'admin/channels' });

/** Field-level problems by key path ("mailboxes.0.host"), plus those no field on screen shows. */
export type FieldErrors = Readonly<{ byPath: Readonly<Record<string, string>>; other: readonly string[] }>;

export const noErrors: FieldErrors = { byPath: {}, other: [] };

/**
 * Maps the hub's zod issues onto the fields on screen. `shown` is every path a field renders; an issue
 * on a path no field shows (or on the whole section) is listed above the form in words.
 */
export function fieldErrors(error: unknown, shown: readonly string[]): FieldErrors {
  const shape = error as Partial<HubErrorShape> | undefined;
  if (!shape || typeof shape.message !== 'string') return { byPath: {}, other: [tc('errors.unknown')] };
  if (shape.code !== 'invalid_input' || !shape.issues?.length) return { byPath: {}, other: [shape.message] };
  const byPath: Record<string, string> = {};
  const other: string[] = [];
  for (const issue of shape.issues) {
    const path = issue.path;
    // An issue inside a field's value (an origin in a list) belongs to that field.
    const field = shown.find((p) => p === path) ?? shown.find((p) => path.startsWith(`${p}.`));
    if (field) byPath[field] ??= sentence(issue.message);
    else other.push(`${path ? `${path}: ` : ''}${sentence(issue.message)}`);
  }
  return { byPath, other };
}

/**
 * zod's wording made readable: "Invalid input: expected string, received undefined" -> "Required". The
 * common cases are the renderer's own words (so translated); anything else is the hub's text as sent.
 */
function sentence(message: string): string {
  if (/received undefined/.test(message)) return tc('errors.required');
  if (/Too small: expected string to have >=1/.test(message)) return tc('errors.required');
  if (/Invalid email/i.test(message)) return tc('errors.notEmail');
  return message.replace(/^Invalid input: /, '');
}

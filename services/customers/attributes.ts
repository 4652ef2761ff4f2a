import type { AttributeDef, AttributeValue } from '../contracts';

export type AttributeCheck = { ok: true; value: AttributeValue } | { ok: false; reason: string };

/**
 * Coerces one value to its definition's type: numbers from numeric strings (CSV), dates to YYYY-MM-DD,
 * choices matched case-insensitively and stored in the defined spelling.
 */
export function checkAttribute(def: AttributeDef, input: AttributeValue): AttributeCheck {
  const text = typeof input === 'number' ? String(input) : input.trim();
  switch (def.type) {
    case 'text':
      return text.length > 1000 ? { ok: false, reason: `${def.key}: longer than 1000 characters` } : { ok: true, value: text };
    case 'number': {
      const n = typeof input === 'number' ? input : Number(text.replace(/[\s_]/g, ''));
      return text !== '' && Number.isFinite(n)
        ? { ok: true, value: n }
        : { ok: false, reason: `${def.key}: "${text.slice(0, 40)}" is not a number` };
    }
    case 'date': {
      const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(text);
      const valid =
        m !== null &&
        !Number.isNaN(Date.parse(`${m[1]}-${m[2]}-${m[3]}T00:00:00Z`)) &&
        new Date(`${m[1]}-${m[2]}-${m[3]}T00:00:00Z`).getUTCDate() === Number(m[3]);
      return valid
        ? { ok: true, value: `${m[1]}-${m[2]}-${m[3]}` }
        : { ok: false, reason: `${def.key}: "${text.slice(0, 40)}" is not a date (YYYY-MM-DD)` };
    }
    case 'choice': {
      const found = def.choices.find((c) => c.toLowerCase() === text.toLowerCase());
      return found !== undefined
        ? { ok: true, value: found }
        : { ok: false, reason: `${def.key}: "${text.slice(0, 40)}" is not one of ${def.choices.join(', ')}` };
    }
  }
}

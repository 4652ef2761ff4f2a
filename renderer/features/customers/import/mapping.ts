import type { AttributeDef, ImportField } from '../../../../services/contracts';
import { i18n } from '../../../i18n';

/** What a column goes to, as the screen edits it: "external" carries the system name separately. */
export type ColumnChoice = Readonly<{ target: string; system: string }>;

/** Where a column can go, and the catalogue key (namespace 'customers/import') of its name. */
export const BASIC_TARGETS: ReadonlyArray<readonly [string, string]> = [
  ['ignore', 'target.ignore'],
  ['displayName', 'target.displayName'],
  ['firstName', 'target.firstName'],
  ['lastName', 'target.lastName'],
  ['email', 'target.email'],
  ['phone', 'target.phone'],
  ['external', 'target.external'],
  ['company', 'target.company'],
  ['tags', 'target.tags'],
  ['note', 'target.note'],
];

const say = (key: string, values: Record<string, unknown> = {}): string => i18n.t(key, { ns: 'customers/import', ...values });

const SYSTEM = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$/;
/** Header words compared without case, accents or punctuation: "Teléfono" is "telefono", "E-mail" is "email". */
const norm = (s: string): string =>
  s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');

const synonyms: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['email', ['email', 'emailaddress', 'mail', 'emailid', 'courriel', 'correo', 'correoelectronico']],
  [
    'phone',
    [
      'phone',
      'phonenumber',
      'tel',
      'telephone',
      'telefono',
      'mobile',
      'mobilephone',
      'cell',
      'cellphone',
      'workphone',
      'homephone',
      'phoneno',
      'mobileno',
      'telno',
      'movil',
      'celular',
      'telefonomovil',
    ],
  ],
  [
    'displayName',
    [
      'name',
      'fullname',
      'displayname',
      'customer',
      'customername',
      'contact',
      'contactname',
      'nombre',
      'nombrecompleto',
      'nombreyapellidos',
      'cliente',
    ],
  ],
  ['firstName', ['firstname', 'first', 'givenname', 'forename']],
  ['lastName', ['lastname', 'last', 'surname', 'familyname', 'apellido', 'apellidos']],
  [
    'company',
    ['company', 'companyname', 'organisation', 'organization', 'org', 'business', 'account', 'accountname', 'empresa', 'compania'],
  ],
  ['tags', ['tags', 'tag', 'labels', 'label', 'segments', 'segment', 'etiqueta', 'etiquetas']],
  ['note', ['note', 'notes', 'comment', 'comments', 'remark', 'remarks', 'description', 'nota', 'notas', 'comentarios', 'observaciones']],
];
/** Targets one customer has once: a second column guessed to the same one is left for the user. */
const SINGLE = new Set(['displayName', 'firstName', 'lastName', 'company', 'tags', 'note']);

/** A system name from an id column's header: "CRM id" -> crm, "Zendesk user ID" -> zendesk-user, "id" -> legacy. */
function systemFrom(header: string): string {
  const stem = header
    .toLowerCase()
    .replace(/[_\s-]*(id|number|no|nr|ref|reference|key)$/, '')
    .replace(/^external[_\s-]*/, '')
    .trim()
    .replace(/[^a-z0-9.]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  return SYSTEM.test(stem) ? stem : 'legacy';
}

function guessOne(header: string, defs: readonly AttributeDef[], taken: ReadonlySet<string>): ColumnChoice {
  const n = norm(header);
  const attribute = defs.find((d) => norm(d.key) === n || norm(d.label) === n);
  if (attribute) return { target: `attribute:${attribute.key}`, system: '' };
  for (const [target, words] of synonyms) {
    if (words.includes(n) && !(SINGLE.has(target) && taken.has(target))) return { target, system: '' };
  }
  if (/(^|[^a-z])(id|number|no|nr|ref|reference|key)$/i.test(header.trim()) || n === 'id') {
    return { target: 'external', system: systemFrom(header) };
  }
  return { target: 'ignore', system: '' };
}

/** A first mapping from the header alone: name, email, phone, ids, tags... and the admin's attributes by key or label. */
export function guessMapping(columns: readonly string[], defs: readonly AttributeDef[]): ColumnChoice[] {
  const taken = new Set<string>();
  return columns.map((c) => {
    const choice = guessOne(c, defs, taken);
    taken.add(choice.target);
    return choice;
  });
}

/** The mapping the hub takes, or the first thing that stops it, in plain words. */
export function toImportMapping(
  columns: readonly string[],
  choices: readonly ColumnChoice[],
): Readonly<{ ok: true; mapping: Record<string, ImportField> } | { ok: false; problem: string }> {
  const mapping: Record<string, ImportField> = {};
  columns.forEach((column, i) => {
    const choice = choices[i];
    if (!choice || choice.target === 'ignore' || column === '') return;
    if (choice.target === 'external') {
      if (SYSTEM.test(choice.system)) mapping[column] = `external:${choice.system}`;
      return;
    }
    // The hub checks the target again (zod); the select only offers valid ones.
    mapping[column] = choice.target;
  });
  const badSystem = columns.find((_, i) => choices[i]?.target === 'external' && !SYSTEM.test(choices[i]?.system ?? ''));
  if (badSystem !== undefined) {
    return { ok: false, problem: say('problem.system', { column: badSystem }) };
  }
  const identifies = Object.values(mapping).some((f) => f === 'email' || f === 'phone' || f.startsWith('external:'));
  if (!identifies) return { ok: false, problem: say('problem.noIdentity') };
  return { ok: true, mapping };
}

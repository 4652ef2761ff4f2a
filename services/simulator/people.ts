/**
 * Believable customers for the simulator: names, phone numbers in the reserved 555-01xx style ranges,
 * addresses on example domains (RFC 2606), and what they write about. Seeded, so a demo is repeatable.
 */

export type Random = Readonly<{
  next(): number;
  int(maxExclusive: number): number;
  pick<T>(items: readonly T[]): T;
  chance(p: number): boolean;
}>;

/** mulberry32: small, fast, good enough for traffic shapes (not for anything secret). */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const int = (maxExclusive: number): number => Math.floor(next() * maxExclusive);
  return {
    next,
    int,
    pick: <T>(items: readonly T[]): T => {
      const item = items[int(items.length)];
      if (item === undefined) throw new Error('pick from an empty list');
      return item;
    },
    chance: (p) => next() < p,
  };
}

const firstNames = [
  'Olivia',
  'Liam',
  'Emma',
  'Noah',
  'Amelia',
  'Oliver',
  'Sophia',
  'Elijah',
  'Mia',
  'James',
  'Harper',
  'Lucas',
  'Isabella',
  'Mateo',
  'Ava',
  'Aarav',
  'Priya',
  'Wei',
  'Mei',
  'Hiroshi',
  'Yuki',
  'Fatima',
  'Omar',
  'Aisha',
  'Kwame',
  'Ama',
  'Sofia',
  'Diego',
  'Camila',
  'Luca',
  'Giulia',
  'Jan',
  'Anna',
  'Lars',
  'Ingrid',
  'Chloe',
  'Zoe',
  'Ethan',
  'Grace',
  'Samuel',
  'Nadia',
  'Ivan',
  'Olga',
  'Tomás',
  'Lucía',
  'Ravi',
  'Ananya',
  'Kai',
] as const;

const lastNames = [
  'Smith',
  'Johnson',
  'Williams',
  'Brown',
  'Garcia',
  'Miller',
  'Davis',
  'Rodriguez',
  'Martinez',
  'Lee',
  'Nguyen',
  'Patel',
  'Kim',
  'Chen',
  'Wang',
  'Singh',
  'Müller',
  'Schmidt',
  'Rossi',
  'Bianchi',
  'Okafor',
  'Mensah',
  'Haddad',
  'Khan',
  'Silva',
  'Santos',
  'Tanaka',
  'Suzuki',
  'Novak',
  'Kowalski',
  'Johansson',
  "O'Brien",
  'Murphy',
  'Dubois',
  'Moreau',
  'Ivanova',
  'Cohen',
  'Ahmed',
  'Yilmaz',
  'Andersen',
] as const;

const domains = ['example.com', 'example.net', 'example.org', 'mail.example.com', 'inbox.example.net'] as const;

/** What customers contact us about, with a first line and a follow-up for each. */
export const topics = [
  {
    subject: 'Where is my order?',
    first: 'Hi, my order {order} has not arrived yet. Can you check where it is?',
    follow: 'The tracking page has not changed for three days.',
  },
  {
    subject: 'Refund request',
    first: 'I returned order {order} two weeks ago and still have no refund.',
    follow: 'I have the return receipt if you need it.',
  },
  {
    subject: 'Cannot sign in',
    first: 'I cannot sign in to my account, the password reset mail never comes.',
    follow: 'I checked the spam folder too.',
  },
  {
    subject: 'Change delivery address',
    first: 'Can I still change the delivery address for order {order}?',
    follow: 'The new address is my office, same city.',
  },
  { subject: 'Billing question', first: 'I was charged twice for invoice {order}.', follow: 'Both charges show on my card statement.' },
  { subject: 'Damaged item', first: 'The parcel for order {order} arrived damaged.', follow: 'I can send photos of the box.' },
  {
    subject: 'Upgrade my plan',
    first: 'I would like to upgrade to the annual plan. What does it cost?',
    follow: 'Do you offer a discount for teams?',
  },
  {
    subject: 'Cancel subscription',
    first: 'Please cancel my subscription at the end of this month.',
    follow: 'Will I get a confirmation email?',
  },
] as const;
export type Topic = (typeof topics)[number];

export const agentReplies = [
  'Thanks for reaching out — let me look into that for you.',
  'I have checked your account and I can see the problem. One moment please.',
  'That is sorted now. Is there anything else I can help with?',
  'I am sorry about the trouble. I have escalated this and you will hear from us within a day.',
] as const;

/** What a customer writes back when an agent's email reaches them. */
export const customerAnswers = [
  'Thank you, that helps. Could you let me know once it is done?',
  'Thanks for the quick answer! One more thing: can you send me the receipt again?',
  'Great, that worked. Have a nice day.',
  'I am afraid that did not fix it. It still shows the same problem.',
] as const;

export type Person = Readonly<{
  name: string;
  /** E.164, in the 555 range no real subscriber has. */
  phone: string;
  email: string;
}>;

/** A customer; `index` keeps phone numbers and addresses unique across one simulator run. */
export function person(random: Random, index: number): Person {
  const first = random.pick(firstNames);
  const last = random.pick(lastNames);
  const local = `${first}.${last}`
    .normalize('NFD')
    .replace(/[^A-Za-z.]/g, '')
    .toLowerCase();
  // Area code from the index keeps numbers unique; exchange 555 is the one fiction uses.
  const area = 201 + (Math.floor(index / 10_000) % 700);
  const line = String(index % 10_000).padStart(4, '0');
  return { name: `${first} ${last}`, phone: `+1${area}555${line}`, email: `${local}${index}@${random.pick(domains)}` };
}

export function fill(text: string, random: Random): string {
  return text.replace('{order}', `#${100_000 + random.int(900_000)}`);
}

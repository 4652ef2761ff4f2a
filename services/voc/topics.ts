import type { VocPhrase } from '../contracts/voc';

/** The tagged tokens of one document, as parallel arrays (wink's `out(its.x)`). */
export type TokenView = Readonly<{
  value: readonly string[];
  /** Spaces before each token (to rebuild a phrase as it was written). */
  spaces: readonly string[];
  lemma: readonly string[];
  pos: readonly string[];
  type: readonly string[];
  negated: readonly boolean[];
}>;

/**
 * A topic as found in a message. `key` is what groups messages: the content lemmas, lower case, numbers
 * masked out, sorted (so "order #604472 arrived damaged" and "order 533232 damaged" share "damage order");
 * `label` is how it reads ("order arrived damaged").
 */
export type TopicCandidate = Readonly<{ key: string; label: string }>;

/** Verbs that carry tense, aspect or wanting rather than the complaint: kept in labels, out of keys. */
const LIGHT = new Set(
  'be have get keep seem look go come arrive become remain do can will would should could may might must want need like know wonder think hope try let help please say tell ask see make show'.split(
    ' ',
  ),
);
/** Nouns too general to be a topic or a key phrase on their own. */
const NOUN_STOP = new Set(
  'thing stuff time day today yesterday tomorrow week month year way lot hi hello hey thanks thank regard regards sir madam team guy guys morning afternoon evening night minute moment bit kind sort one someone something anything everything nothing please ok okay yes no name number message email mail question issue problem help info information update reply response mr mrs ms dear chat call'.split(
    ' ',
  ),
);
/** Adverbs and particles that change what happened ("charged twice", "internet is down", "log in"). */
const PARTICLES = new Set('twice down up out off in back wrong late early'.split(' '));
const NEGATION = new Set(['not', "n't", 'never', 'no', 'cannot']);
const PLACE_PREPOSITIONS = new Set(['in', 'at', 'near', 'from', 'around', 'outside']);
const NP_POS = new Set(['NOUN', 'PROPN', 'ADJ', 'NUM']);
const PREDICATE_POS = new Set(['AUX', 'PART', 'ADV', 'VERB', 'ADJ', 'ADP']);

const hasDigit = (s: string): boolean => /\d/.test(s);
const isWord = (v: TokenView, i: number): boolean => v.type[i] === 'word' || v.type[i] === 'number';

type Chunk = { start: number; end: number; kind: VocPhrase['kind'] };

/** Noun chunks of one sentence: runs of ADJ/NOUN/PROPN/NUM (and "#" before a number) holding a noun. */
function chunksOf(v: TokenView, start: number, end: number): Chunk[] {
  const chunks: Chunk[] = [];
  let i = start;
  while (i <= end) {
    const inRun = (j: number): boolean =>
      j <= end &&
      (NP_POS.has(v.pos[j]!) ||
        (v.pos[j] === 'X' && j > start && v.pos[j - 1] === 'PROPN') ||
        (v.value[j] === '#' && j < end && v.pos[j + 1] === 'NUM'));
    if (!inRun(i)) {
      i += 1;
      continue;
    }
    let j = i;
    while (inRun(j + 1)) j += 1;
    // Trailing adjectives belong to the predicate ("the screen cracked", "order damaged" tagged ADJ).
    let last = j;
    while (last > i && v.pos[last] === 'ADJ') last -= 1;
    const nouns = range(i, last).filter((k) => v.pos[k] === 'NOUN' || v.pos[k] === 'PROPN');
    if (nouns.length > 0) chunks.push({ start: i, end: last, kind: kindOf(v, i, last) });
    i = last + 1;
  }
  return chunks;
}

function kindOf(v: TokenView, start: number, end: number): VocPhrase['kind'] {
  const proper = range(start, end).filter((k) => v.pos[k] === 'PROPN' || v.pos[k] === 'X');
  if (proper.length === 0) return 'phrase';
  const common = range(start, end).some((k) => v.pos[k] === 'NOUN');
  const prev = start > 0 ? v.value[start - 1]!.toLowerCase() : '';
  if (!common && PLACE_PREPOSITIONS.has(prev)) return 'place';
  // A product name: a model number or inner capitals ("Galaxy S23", "AirPods"), or a brand before a noun.
  if (proper.some((k) => hasDigit(v.value[k]!) || /[a-z][A-Z]/.test(v.value[k]!)) || common) return 'product';
  return 'name';
}

function range(a: number, b: number): number[] {
  const out: number[] = [];
  for (let i = a; i <= b; i++) out.push(i);
  return out;
}

function surface(v: TokenView, idx: readonly number[]): string {
  return idx.map((i, n) => (n === 0 ? '' : v.spaces[i]! === '' && idx[n - 1] === i - 1 ? '' : ' ') + v.value[i]!).join('');
}

/** Lemmas a chunk contributes to a topic key: its common nouns, adjectives and product names, no numbers. */
function chunkContent(v: TokenView, c: Chunk): number[] {
  return range(c.start, c.end).filter((k) => {
    if (!isWord(v, k) || hasDigit(v.value[k]!) || v.pos[k] === 'NUM') return false;
    if (v.pos[k] === 'PROPN' || v.pos[k] === 'X') return c.kind === 'product';
    return !NOUN_STOP.has(v.lemma[k]!);
  });
}

/** A particle that opens a prepositional phrase ("in my order", "out of the box", "in two hours"). */
function prepositionAt(v: TokenView, j: number, end: number): boolean {
  if (j >= end) return false;
  const next = v.pos[j + 1]!;
  // "showed up today": a time word after the particle is not its object.
  if (NOUN_STOP.has(v.lemma[j + 1]!)) return false;
  return next === 'DET' || next === 'PRON' || next === 'NOUN' || next === 'PROPN' || next === 'NUM' || v.lemma[j + 1] === 'of';
}

type Predicate = { tokens: number[]; keyTokens: number[]; negated: boolean; end: number };

/** What follows a noun chunk: auxiliaries, negation, adverbs, then the verb or adjective that says what went wrong. */
function predicateAfter(v: TokenView, from: number, end: number): Predicate | null {
  const tokens: number[] = [];
  let negated = false;
  let aux = false;
  let j = from;
  for (; j <= end && PREDICATE_POS.has(v.pos[j]!); j++) {
    const lemma = v.lemma[j]!;
    const pos = v.pos[j]!;
    if (pos === 'ADP' && !PARTICLES.has(lemma)) break;
    // "log in" is a verb; "down in Leeds" is a place; "arrived in my order", "out of the box" are prepositions.
    if (lemma === 'in' && v.pos[j - 1] !== 'VERB') break;
    if (PARTICLES.has(lemma) && pos !== 'VERB' && pos !== 'ADJ' && prepositionAt(v, j, end)) break;
    if (NEGATION.has(lemma) || NEGATION.has(v.value[j]!.toLowerCase())) {
      negated = true;
      tokens.push(j);
      continue;
    }
    if (pos === 'ADV' && !PARTICLES.has(lemma)) continue;
    if (pos === 'AUX') {
      aux = true;
      continue;
    }
    if (pos === 'PART' && lemma === 'to') continue;
    tokens.push(j);
  }
  const mains = tokens.filter((k) => v.pos[k] === 'VERB' || v.pos[k] === 'ADJ');
  const heavy = mains.filter((k) => !LIGHT.has(v.lemma[k]!));
  // The last heavy verb says what happened ("keeps crashing" -> crash); a light one only when alone ("never arrived").
  const keyTokens = [...(heavy.length > 0 ? heavy.slice(-2) : mains.slice(-1))];
  // A particle says what happened only after a verb or "is" ("is down", "logged out"), not "Galaxy in Leeds".
  if (mains.length > 0 || aux) {
    for (const k of tokens) if (PARTICLES.has(v.lemma[k]!) && v.pos[k] !== 'VERB' && v.pos[k] !== 'ADJ') keyTokens.push(k);
  }
  if (keyTokens.length === 0) return null;
  // "the boiler shows", "the order arrived": a light verb alone says nothing went wrong.
  if (heavy.length === 0 && !negated && keyTokens.every((k) => mains.includes(k))) return null;
  return { tokens, keyTokens, negated, end: j - 1 };
}

function candidate(v: TokenView, keyIdx: readonly number[], labelIdx: readonly number[], negated: boolean): TopicCandidate | null {
  const lemmas = new Set(keyIdx.map((k) => (v.pos[k] === 'PROPN' || v.pos[k] === 'X' ? v.value[k]!.toLowerCase() : v.lemma[k]!)));
  if (negated) lemmas.add('not');
  if (lemmas.size < 2) return null;
  const key = [...lemmas].sort().join(' ');
  const ordered = [...new Set(labelIdx)].sort((a, b) => a - b);
  const label = ordered
    .map((k) => {
      const value = v.value[k]!.toLowerCase();
      return v.lemma[k] === 'not' || value === 'cannot' ? 'not' : value;
    })
    .join(' ')
    .replace(/^(not )+/, 'not ');
  return { key, label: label.slice(0, 80) };
}

/** Key phrases and topics of one sentence (token indexes start..end inclusive). */
export function topicsOfSentence(v: TokenView, start: number, end: number): { phrases: VocPhrase[]; topics: TopicCandidate[] } {
  const phrases: VocPhrase[] = [];
  const topics: TopicCandidate[] = [];
  const chunks = chunksOf(v, start, end);
  const used = new Set<number>();

  for (const c of chunks) {
    const content = chunkContent(v, c);
    const text = surface(
      v,
      range(c.start, c.end).filter((k) => !(v.value[k] === '#' || (v.pos[k] === 'NUM' && k === c.end && c.kind === 'phrase'))),
    );
    if (c.kind !== 'phrase' || content.length > 0) phrases.push({ text, kind: c.kind });
    if (content.length === 0) continue;
    // Noun chunk + what happened to it: "order #604472 arrived damaged", "the app keeps crashing".
    const pred = predicateAfter(v, c.end + 1, end);
    if (pred) {
      const t = candidate(v, [...content, ...pred.keyTokens], [...content, ...pred.tokens], pred.negated);
      if (t) {
        topics.push(t);
        for (let k = c.start; k <= pred.end; k++) used.add(k);
      }
    }
  }

  // Verb + object or verb + particle, said by the customer about themselves: "I need to reset my password",
  // "please cancel my subscription", "I was charged twice", "I can't log in".
  for (let i = start; i <= end; i++) {
    if (v.pos[i] !== 'VERB' || used.has(i) || LIGHT.has(v.lemma[i]!)) continue;
    let p = i - 1;
    while (p >= start && (v.pos[p] === 'AUX' || v.pos[p] === 'ADV' || v.pos[p] === 'PART' || LIGHT.has(v.lemma[p]!))) p -= 1;
    const subjectOk = p < start || v.pos[p] === 'PRON' || v.pos[p] === 'PUNCT' || v.pos[p] === 'INTJ' || v.pos[p] === 'CCONJ';
    if (!subjectOk) continue;
    const negated = range(Math.max(start, p + 1), i - 1).some((k) => NEGATION.has(v.lemma[k]!) || NEGATION.has(v.value[k]!.toLowerCase()));
    const particles: number[] = [];
    let j = i + 1;
    while (
      j <= end &&
      ((PARTICLES.has(v.lemma[j]!) && (v.lemma[j] !== 'in' || j === i + 1)) ||
        v.pos[j] === 'DET' ||
        v.pos[j] === 'PRON' ||
        v.lemma[j] === 'to')
    ) {
      if (PARTICLES.has(v.lemma[j]!)) particles.push(j);
      if (v.pos[j] === 'PRON' && !/^(my|our|your|his|her|their|its|me|us)$/i.test(v.value[j]!)) break;
      j += 1;
    }
    const object = chunks.find((c) => c.start === j);
    const objectContent = object ? chunkContent(v, object) : [];
    const negIdx = negated ? range(p + 1, i - 1).filter((k) => NEGATION.has(v.lemma[k]!) || NEGATION.has(v.value[k]!.toLowerCase())) : [];
    if (PARTICLES.has(v.lemma[j - 1]!) && prepositionAt(v, j - 1, end) && !object) particles.pop();
    const t =
      objectContent.length > 0
        ? candidate(v, [i, ...particles, ...objectContent], [...negIdx, i, ...particles, ...objectContent], negated)
        : particles.length > 0 || negated
          ? candidate(v, [i, ...particles], [...negIdx, i, ...particles], negated)
          : null;
    if (t) topics.push(t);
  }

  // A sentence with no event in it may still name the subject: "Where is my refund?" -> refund.
  if (topics.length === 0) {
    for (const c of chunks) {
      // "Order 901233." names a reference, not a subject.
      if (range(c.start, c.end).some((k) => v.pos[k] === 'NUM') || v.value[c.end + 1] === '#') continue;
      const content = chunkContent(v, c);
      if (!content.some((k) => v.pos[k] === 'NOUN' || c.kind === 'product') || content.length > 3) continue;
      const lemmas = [...new Set(content.map((k) => (v.pos[k] === 'PROPN' || v.pos[k] === 'X' ? v.value[k]!.toLowerCase() : v.lemma[k]!)))];
      topics.push({ key: lemmas.sort().join(' '), label: content.map((k) => v.value[k]!.toLowerCase()).join(' ') });
      break;
    }
  }
  return { phrases, topics };
}

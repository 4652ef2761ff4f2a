import { createRequire } from 'node:module';
import type WinkNLP from 'wink-nlp';
import type { ItemEntity, ItemSentence } from 'wink-nlp';
import type WinkModel from 'wink-eng-lite-web-model';
import type { VocPhrase } from '../contracts/voc';
import { detectLanguage, type LanguageCode } from './language';
import { cleanForAnalysis } from './text';
import { topicsOfSentence, type TokenView, type TopicCandidate } from './topics';

/** What the analyser found in one customer message. */
export type Analysis = Readonly<{
  language: LanguageCode;
  /** -1 (angry) .. 1 (delighted); null when no English text or emoji carried any. */
  sentiment: number | null;
  phrases: readonly VocPhrase[];
  topics: readonly TopicCandidate[];
  truncated: boolean;
}>;

const MAX_PHRASES = 12;
const MAX_TOPICS = 5;

// One model for the process: loading it takes ~150 ms and ~20 MB, reading a message well under a millisecond.
// The model is required here, on first use, not imported at the top: a bundler turns the hub thread's lazy
// `import('../analyse')` (worker/analyser.ts) into a static import of whatever this file imports, which
// loaded the model into every hub's main thread at start-up even with the analysis on its own thread.
const require = createRequire(import.meta.url);
let nlp: ReturnType<typeof WinkNLP> | null = null;
function engine(): ReturnType<typeof WinkNLP> {
  nlp ??= (require('wink-nlp') as typeof WinkNLP)(require('wink-eng-lite-web-model') as typeof WinkModel);
  return nlp;
}

/**
 * Order, booking, invoice and ticket references: the word, optional "#"/"no."/"number", then an id of
 * 4+ digits (letters allowed before them). Masked out of topics, kept as entities.
 */
const ORDER_RE =
  /\b(?:order|ord|booking|invoice|ticket|case|ref(?:erence)?|tracking|parcel|shipment|pedido|commande|bestellung|ordine|encomenda|bestelling)(?:\s+(?:no\.?|number|id|ref))?\s*[#:]?\s*((?=[A-Z0-9-]{0,20}\d{3})[A-Z0-9][A-Z0-9-]{3,24})\b|#(\d{5,})\b/gi;

/** Complaint words the general-purpose lexicon scores as neutral ("my parcel arrived damaged" is 0 in AFINN). */
const PAIN: Readonly<Record<string, number>> = {
  damage: -0.35,
  broken: -0.35,
  break: -0.3,
  crack: -0.3,
  crash: -0.35,
  refund: -0.15,
  late: -0.25,
  missing: -0.3,
  miss: -0.2,
  wrong: -0.3,
  overcharge: -0.4,
  twice: -0.15,
  never: -0.2,
  cancel: -0.1,
  complaint: -0.3,
  outage: -0.4,
  down: -0.15,
  still: -0.1,
  again: -0.1,
  unable: -0.3,
  fail: -0.3,
  error: -0.3,
  leak: -0.3,
  faulty: -0.35,
  useless: -0.5,
  ridiculous: -0.5,
};

/** The model expands some short forms ("app" -> "application") but not when capitalised: one spelling per topic. */
const LEMMA_ALIAS: Readonly<Record<string, string>> = { application: 'app' };

/** Reads one message. Pure: same text, same result (the tests and a re-analysis rely on it). */
export function analyseMessage(raw: string): Analysis {
  const { text, truncated } = cleanForAnalysis(raw);
  if (text.length === 0) return { language: 'zxx', sentiment: null, phrases: [], topics: [], truncated };
  const overall = detectLanguage(text);
  const phrases: VocPhrase[] = [];
  const seenPhrase = new Set<string>();
  const addPhrase = (p: VocPhrase): void => {
    const lower = p.text.toLowerCase();
    const k = `${p.kind}:${lower}`;
    if (seenPhrase.has(k) || phrases.length >= MAX_PHRASES) return;
    // "order" inside "order #604472" says nothing more.
    if (phrases.some((q) => q.kind !== p.kind && q.text.toLowerCase().includes(lower))) return;
    seenPhrase.add(k);
    phrases.push(p);
  };
  for (const m of text.matchAll(ORDER_RE)) addPhrase({ text: m[0].trim(), kind: 'order' });

  const doc = engine().readDoc(text);
  // wink's `its` helpers are passed to out(), never called here; its typings give out() one union type.
  const its = engine().its as unknown as Readonly<
    Record<'value' | 'pos' | 'lemma' | 'precedingSpaces' | 'type' | 'negationFlag' | 'span' | 'sentiment' | 'detail', never>
  >;
  const tokens = doc.tokens();
  const column = <T>(f: never): T[] => read<T[]>(tokens, f);
  const value = column<string>(its.value);
  const pos = column<string>(its.pos);
  // A capitalised first word is often tagged a proper noun ("Internet is down", "Delivery was late").
  for (const [start] of read<Array<[number, number]>>(doc.sentences(), its.span)) {
    if (pos[start] === 'PROPN' && /^[A-Z][a-z]+$/.test(value[start]!) && pos[start + 1] !== 'PROPN') pos[start] = 'NOUN';
  }
  const lemma = column<string>(its.lemma).map((l) => LEMMA_ALIAS[l] ?? l);
  // "washing machine", "opening hours": a gerund before a noun names a kind of thing, not an action.
  for (let i = 0; i + 1 < pos.length; i++) {
    if (pos[i] === 'VERB' && /ing$/i.test(value[i]!) && pos[i + 1] === 'NOUN' && (i === 0 || /^(DET|ADJ|PRON|PUNCT)$/.test(pos[i - 1]!))) {
      pos[i] = 'ADJ';
      lemma[i] = value[i]!.toLowerCase();
    }
  }
  const view: TokenView = {
    value,
    spaces: column<string>(its.precedingSpaces),
    lemma,
    pos,
    type: column<string>(its.type),
    negated: column<boolean>(its.negationFlag),
  };
  const topics: TopicCandidate[] = [];
  const seenTopic = new Set<string>();
  let sentimentSum = 0;
  let sentimentWeight = 0;
  let painSum = 0;
  const languages = new Map<string, number>();

  doc.sentences().each((sentence: ItemSentence) => {
    const [start, end] = read<[number, number]>(sentence, its.span);
    const words = sentence.out();
    // Mixed-language messages: each sentence long enough to tell is placed on its own; a short one follows
    // the message. Only English (and Latin text nobody can place, most often terse English) is read for
    // phrases and topics; other languages keep their entities (order numbers, emails, links).
    const own = words.length >= 25 ? detectLanguage(words) : overall;
    const lang = own.language === 'und' ? overall.language : own.language;
    languages.set(lang, (languages.get(lang) ?? 0) + words.length);
    const english = lang === 'en' || (lang === 'und' && /\p{Script=Latin}/u.test(words));
    const emojiOnly = lang === 'zxx';
    if (!english && !emojiOnly) return;
    const score = read<number>(sentence, its.sentiment);
    const weight = Math.max(1, end - start + 1);
    sentimentSum += score * weight;
    sentimentWeight += weight;
    if (!english) return;
    for (let i = start; i <= end; i++) painSum += PAIN[view.lemma[i]!] ?? PAIN[view.value[i]!.toLowerCase()] ?? 0;
    const found = topicsOfSentence(view, start, end);
    // Names of people and days say who and when, not what about (and a caller's name is not a key phrase).
    for (const p of found.phrases) if (p.kind !== 'name') addPhrase(p);
    for (const t of found.topics) {
      if (seenTopic.has(t.key) || topics.length >= MAX_TOPICS) continue;
      seenTopic.add(t.key);
      topics.push(t);
    }
  });

  doc.entities().each((entity: ItemEntity) => {
    const detail = read<{ value: string; type: string }>(entity, its.detail);
    if (detail.type === 'EMAIL') addPhrase({ text: detail.value, kind: 'email' });
    else if (detail.type === 'URL') addPhrase({ text: detail.value, kind: 'url' });
    else if (detail.type === 'MONEY') addPhrase({ text: detail.value, kind: 'money' });
  });

  const sentiment =
    sentimentWeight === 0 && painSum === 0 ? null : clamp((sentimentWeight > 0 ? sentimentSum / sentimentWeight : 0) + painSum);
  const language = [...languages.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? overall.language;
  return { language, sentiment: sentiment === null ? null : Math.round(sentiment * 1000) / 1000, phrases, topics, truncated };
}

/** One wink output, typed by the caller (wink types every `out()` as one union). */
function read<T>(item: Readonly<{ out: (f: never) => unknown }>, f: never): T {
  return item.out(f) as T;
}

function clamp(x: number): number {
  return Math.max(-1, Math.min(1, x));
}

/**
 * Language detection with what ships: the writing system first (Cyrillic, Greek, Arabic, Hebrew, CJK,
 * Hangul, Thai, Devanagari), then, for Latin script, counts of the commonest function words of seven
 * languages. Honest about its limits: short texts without enough function words are 'und' (undetermined),
 * text with no letters (emoji, digits) is 'zxx' (no linguistic content). Tested on the corpus fixtures.
 */
export type LanguageCode = string;

const STOP_WORDS: Readonly<Record<string, readonly string[]>> = {
  en: 'the and is are was were to of in it my i you we for not have has this that with on be at please can do does did no but your our me will been an a an am what when why how there thanks thank hi hello'.split(
    ' ',
  ),
  es: 'el la los las de que y en un una es por con no para mi su se lo al del muy pero como esta está hola gracias tengo mis pedido cuando porque ya'.split(
    ' ',
  ),
  fr: 'le la les de des et est un une pas je vous nous pour que qui dans sur avec mon ma mes ce cette il elle bonjour merci commande ne au aux'.split(
    ' ',
  ),
  de: 'der die das und ist nicht ich sie wir ein eine mit für auf zu den dem des mein meine bitte danke hallo habe bestellung noch es ist'.split(
    ' ',
  ),
  it: 'il lo la gli le di che e un una non per con mio mia sono ho è ciao grazie ordine del della questo'.split(' '),
  pt: 'o a os as de que e em um uma não para com meu minha por foi está olá obrigado obrigada pedido do da'.split(' '),
  nl: 'de het een en is niet ik je wij we van voor met op mijn dat dit zijn hallo bedankt bestelling geen'.split(' '),
};

const INDEX = new Map<string, string[]>();
for (const [lang, words] of Object.entries(STOP_WORDS)) {
  for (const w of words) {
    const list = INDEX.get(w) ?? [];
    if (!list.includes(lang)) list.push(lang);
    INDEX.set(w, list);
  }
}

const SCRIPTS: ReadonlyArray<readonly [RegExp, LanguageCode]> = [
  [/\p{Script=Hangul}/u, 'ko'],
  [/[\p{Script=Hiragana}\p{Script=Katakana}]/u, 'ja'],
  [/\p{Script=Han}/u, 'zh'],
  [/\p{Script=Cyrillic}/u, 'ru'],
  [/\p{Script=Greek}/u, 'el'],
  [/\p{Script=Arabic}/u, 'ar'],
  [/\p{Script=Hebrew}/u, 'he'],
  [/\p{Script=Thai}/u, 'th'],
  [/\p{Script=Devanagari}/u, 'hi'],
];

export type Detected = Readonly<{ language: LanguageCode; confidence: number }>;

export function detectLanguage(text: string): Detected {
  const letters = text.match(/\p{L}/gu);
  if (!letters || letters.length === 0) return { language: 'zxx', confidence: 1 };
  // Writing system: the share of letters outside Latin decides first (Japanese uses Han too, so kana wins).
  const latin = letters.filter((ch) => /\p{Script=Latin}/u.test(ch)).length;
  if (latin / letters.length < 0.5) {
    const nonLatin = letters.join('');
    for (const [re, code] of SCRIPTS) if (re.test(nonLatin)) return { language: code, confidence: 1 - latin / letters.length };
    return { language: 'und', confidence: 0 };
  }
  const words = text.toLowerCase().match(/\p{L}+(?:['’]\p{L}+)?/gu) ?? [];
  const scores = new Map<string, number>();
  for (const w of words) {
    for (const lang of INDEX.get(w) ?? []) scores.set(lang, (scores.get(lang) ?? 0) + 1);
  }
  const ranked = [...scores.entries()].sort((a, b) => b[1] - a[1]);
  const [best, second] = ranked;
  if (!best) return { language: 'und', confidence: 0 };
  const margin = best[1] - (second?.[1] ?? 0);
  // Short texts: one function word that is not shared with a rival language is enough ("order damaged pls").
  if (best[1] < 2 && (words.length > 6 || margin < 1)) return { language: 'und', confidence: 0 };
  if (margin < 1) return { language: 'und', confidence: 0 };
  return { language: best[0], confidence: Math.min(1, margin / Math.max(3, words.length * 0.3)) };
}

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyseMessage } from '../../../services/voc/analyse';
import { detectLanguage } from '../../../services/voc/language';
import { cleanForAnalysis, MAX_ANALYSED_CHARS } from '../../../services/voc/text';

type Labelled = Readonly<{
  id: number;
  channel: string;
  text: string;
  expect: Readonly<{ topics: readonly string[]; language: string; notKeyPhrases?: readonly string[] }>;
}>;

// ~100 customer messages written for these tests (SMS, chat, email, voicemail transcriptions), labelled by
// hand: the topics a reader would file each under, the language, and the found phrases a reader would not
// call key. The figures below are what docs/voice-of-customer.md reports.
const corpus = JSON.parse(readFileSync('tests/fixtures/voc/corpus.json', 'utf8')) as Labelled[];
const results = new Map(corpus.map((m) => [m.id, analyseMessage(m.text)]));
const result = (id: number) => results.get(id)!;

describe('voice of the customer: analyser on the labelled corpus', () => {
  it('files the issue example and its variants under one topic, numbers masked', () => {
    const key = result(1).topics[0]?.key;
    expect(key).toBe('damage order');
    for (const id of [2, 3, 4]) expect(result(id).topics.map((t) => t.key)).toContain(key);
    expect(result(1).topics[0]?.label).toBe('order arrived damaged');
    // The order numbers are entities, not part of any topic.
    expect(result(1).phrases).toContainEqual({ text: 'order #604472', kind: 'order' });
    for (const r of results.values()) for (const t of r.topics) expect(t.key).not.toMatch(/\d/);
  });

  it('finds at least 85% of the hand-labelled topics', () => {
    let expected = 0;
    let found = 0;
    const missed: string[] = [];
    for (const m of corpus) {
      const keys = result(m.id).topics.map((t) => t.key);
      for (const k of m.expect.topics) {
        expected += 1;
        if (keys.includes(k)) found += 1;
        else missed.push(`#${m.id} ${k}`);
      }
    }
    const recall = found / expected;
    console.log(`topic recall ${found}/${expected} = ${(recall * 100).toFixed(1)}%; missed: ${missed.join(', ')}`);
    expect(recall).toBeGreaterThanOrEqual(0.85);
  });

  it('key phrases: at least 85% precision against the hand labels', () => {
    let total = 0;
    let wrong = 0;
    for (const m of corpus) {
      const phrases = result(m.id).phrases.map((p) => p.text);
      total += phrases.length;
      wrong += phrases.filter((p) => m.expect.notKeyPhrases?.includes(p)).length;
    }
    const precision = (total - wrong) / total;
    console.log(`key-phrase precision ${total - wrong}/${total} = ${(precision * 100).toFixed(1)}%`);
    expect(total).toBeGreaterThan(100);
    expect(precision).toBeGreaterThanOrEqual(0.85);
  });

  it('never places a message in the wrong language (short English may stay undetermined)', () => {
    for (const m of corpus) {
      const got = result(m.id).language;
      if (got === m.expect.language) continue;
      expect({ id: m.id, got }).toEqual({ id: m.id, got: got === 'und' && m.expect.language === 'en' ? 'und' : m.expect.language });
    }
    const placed = corpus.filter((m) => result(m.id).language === m.expect.language).length;
    expect(placed / corpus.length).toBeGreaterThan(0.9);
  });

  it('reads negative complaints as negative and thanks as positive', () => {
    for (const id of [1, 10, 27, 43, 80]) expect(result(id).sentiment ?? 0).toBeLessThan(-0.1);
    for (const id of [52, 53, 54]) expect(result(id).sentiment ?? 0).toBeGreaterThan(0.1);
  });

  it('gives other languages no English topics but keeps their entities', () => {
    for (const id of [60, 61, 62, 64, 65]) expect(result(id).topics).toEqual([]);
    expect(analyseMessage('Hola, mi pedido 445566 no ha llegado todavía, por favor').phrases).toContainEqual({
      text: 'pedido 445566',
      kind: 'order',
    });
  });
});

describe('voice of the customer: bad input', () => {
  it('empty and whitespace-only text', () => {
    for (const text of ['', '   ', '\n\t'])
      expect(analyseMessage(text)).toEqual({ language: 'zxx', sentiment: null, phrases: [], topics: [], truncated: false });
  });

  it('emoji-only: no language, no topics, sentiment from the emoji', () => {
    const angry = analyseMessage('😡😡😡');
    expect(angry.language).toBe('zxx');
    expect(angry.topics).toEqual([]);
    expect(angry.sentiment ?? 0).toBeLessThan(0);
    expect(analyseMessage('👍').sentiment ?? 0).toBeGreaterThan(0);
  });

  it('huge text is capped and still analysed quickly', () => {
    const huge = 'My order #604472 arrived damaged. '.repeat(200_000);
    const started = performance.now();
    const r = analyseMessage(huge);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(r.truncated).toBe(true);
    expect(r.topics.map((t) => t.key)).toContain('damage order');
    expect(cleanForAnalysis(huge).text.length).toBeLessThanOrEqual(MAX_ANALYSED_CHARS);
  });

  it('HTML remnants: tags, scripts and entities are removed, the words kept', () => {
    const r = analyseMessage(
      '<div style="x">The app keeps crashing&nbsp;&amp; freezing</div><script>alert("order 123456 damaged")</script>',
    );
    expect(r.topics.map((t) => t.key)).toEqual(['app crash']);
    expect(cleanForAnalysis('a &lt;b&gt; &#128545; &#x1F44D; &bogus; &#xD800;').text).toBe('a <b> 😡 👍 &bogus; &#xD800;');
  });

  it('quoted email below the reply is not the customer speaking now', () => {
    const r = analyseMessage(
      'Thanks, all sorted now!\n\nOn Tue, 3 Mar 2026 at 10:00, Support <help@example.com> wrote:\n> Your order arrived damaged?',
    );
    expect(r.topics).toEqual([]);
  });

  it('mixed languages: the English sentences give topics, the others do not', () => {
    const r = analyseMessage('Bonjour, ma commande est arrivée cassée et je voudrais un remboursement. Also the screen is cracked.');
    expect(r.topics.map((t) => t.key)).toEqual(['crack screen']);
  });

  it('control characters, lone surrogates and very long words do not break it', () => {
    const r = analyseMessage(`order\u0000 damaged \ud800 ${'x'.repeat(5000)} refund`);
    expect(r.language).toBeDefined();
  });
});

describe('language detection', () => {
  it.each([
    ['The parcel never arrived and I want my money back', 'en'],
    ['Mi pedido no ha llegado y quiero un reembolso', 'es'],
    ['Ma commande n’est pas arrivée, je veux un remboursement', 'fr'],
    ['Meine Bestellung ist nicht angekommen, bitte helfen Sie mir', 'de'],
    ['Il mio ordine non è arrivato, ho bisogno di aiuto', 'it'],
    ['O meu pedido não chegou, preciso de ajuda', 'pt'],
    ['Mijn bestelling is niet aangekomen, ik wil mijn geld terug', 'nl'],
    ['Мой заказ не пришёл', 'ru'],
    ['注文した商品がまだ届いていません', 'ja'],
    ['주문한 상품이 아직 도착하지 않았습니다', 'ko'],
    ['我的订单还没有到', 'zh'],
    ['😡😡', 'zxx'],
    ['12345 678', 'zxx'],
    ['ok', 'und'],
  ])('%s -> %s', (text, language) => {
    expect(detectLanguage(text).language).toBe(language);
  });
});

import type { ReactNode } from 'react';
import type { VocPhrase } from '../../../services/contracts';
import { i18n, useT } from '../../i18n';

/** Catalogue keys (namespace 'voc') of each kind of phrase. */
const kindLabel: Readonly<Record<VocPhrase['kind'], string>> = {
  phrase: 'kind.phrase',
  order: 'kind.order',
  product: 'kind.product',
  place: 'kind.place',
  name: 'kind.name',
  email: 'kind.email',
  url: 'kind.url',
  money: 'kind.money',
};

type Span = { start: number; end: number; phrase: VocPhrase };

/** Where each phrase occurs in the text (case-insensitive), longest phrases first, never overlapping. */
export function phraseSpans(text: string, phrases: readonly VocPhrase[]): Span[] {
  const lower = text.toLowerCase();
  const spans: Span[] = [];
  const sorted = [...phrases].filter((p) => p.text.trim().length > 1).sort((a, b) => b.text.length - a.text.length);
  for (const phrase of sorted) {
    const needle = phrase.text.toLowerCase();
    for (let from = 0; ;) {
      const at = lower.indexOf(needle, from);
      if (at < 0) break;
      const end = at + needle.length;
      if (!spans.some((s) => at < s.end && end > s.start)) spans.push({ start: at, end, phrase });
      from = end;
    }
  }
  return spans.sort((a, b) => a.start - b.start);
}

/**
 * Customer text with its key phrases marked, built as React nodes (plain strings and <mark> elements):
 * the text is never parsed as HTML.
 */
export function Highlighted({ text, phrases }: Readonly<{ text: string; phrases: readonly VocPhrase[] }>) {
  const { t } = useT('voc');
  const nodes: ReactNode[] = [];
  let at = 0;
  for (const span of phraseSpans(text, phrases)) {
    if (span.start > at) nodes.push(text.slice(at, span.start));
    nodes.push(
      <mark key={span.start} className={`voc-mark voc-mark-${span.phrase.kind}`} title={t(kindLabel[span.phrase.kind])}>
        {text.slice(span.start, span.end)}
      </mark>,
    );
    at = span.end;
  }
  if (at < text.length) nodes.push(text.slice(at));
  return <>{nodes}</>;
}

/** Sentiment in words (colour is only a second cue). */
export function sentimentWord(sentiment: number | null): string {
  return i18n.t(`sentiment.${sentimentBand(sentiment)}`, { ns: 'voc' });
}

function sentimentBand(sentiment: number | null): 'none' | 'veryNegative' | 'negative' | 'neutral' | 'positive' | 'veryPositive' {
  if (sentiment === null) return 'none';
  if (sentiment <= -0.5) return 'veryNegative';
  if (sentiment <= -0.15) return 'negative';
  if (sentiment < 0.15) return 'neutral';
  if (sentiment < 0.5) return 'positive';
  return 'veryPositive';
}

export function sentimentTone(sentiment: number | null): 'neg' | 'neu' | 'pos' | 'none' {
  if (sentiment === null) return 'none';
  return sentiment <= -0.15 ? 'neg' : sentiment >= 0.15 ? 'pos' : 'neu';
}

export function SentimentTag({ sentiment }: Readonly<{ sentiment: number | null }>) {
  const { t } = useT('voc');
  return <span className={`voc-sent voc-sent-${sentimentTone(sentiment)}`}>{t(`sentiment.${sentimentBand(sentiment)}`)}</span>;
}

import { answerPlaceholders } from '../../../services/contracts';

/** i18next reads a dot in a key as nesting: `customer.name` is looked up as `placeholder.customer_name` (namespace 'answers'). */
export const placeholderKey = (key: string): string => `placeholder.${key.replace(/\./g, '_')}`;

const keyByWords = new Map<string, string>(Object.entries(answerPlaceholders).map(([key, words]) => [words, key]));

/**
 * The catalogue key for a placeholder the hub names in words ("the customer's first name", in `missing` of
 * answers/render), so the desk says it in its own language; words it does not know stay as the hub sent them.
 */
export function missingPlaceholderKey(words: string): string | null {
  const key = keyByWords.get(words);
  return key === undefined ? null : placeholderKey(key);
}

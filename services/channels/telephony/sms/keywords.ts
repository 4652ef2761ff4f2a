/** Carrier/CTIA opt-out and opt-in keywords Twilio honours on long codes (matched on the whole trimmed body). */
const stopWords = new Set(['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'OPTOUT', 'REVOKE']);
const startWords = new Set(['START', 'YES', 'UNSTOP', 'OPTIN']);

export type OptKeyword = Readonly<{ optedOut: boolean; keyword: string }>;

/**
 * Twilio's Advanced Opt-Out sends OptOutType (STOP/START/HELP); without it we match the body ourselves.
 * HELP changes nothing.
 */
export function optKeyword(body: string, optOutType: string | undefined): OptKeyword | undefined {
  const type = optOutType?.trim().toUpperCase();
  if (type === 'STOP') return { optedOut: true, keyword: 'STOP' };
  if (type === 'START') return { optedOut: false, keyword: 'START' };
  const word = body
    .trim()
    .replace(/[.!]+$/, '')
    .toUpperCase();
  if (stopWords.has(word)) return { optedOut: true, keyword: word };
  if (startWords.has(word)) return { optedOut: false, keyword: word };
  return undefined;
}

import { formattingLocale, t } from './i18n';

/**
 * What the offline form says when the queue is closed: when it opens, in the visitor's own clock and
 * language ("We are closed right now. We open again Monday 09:00."). Within the coming week by weekday,
 * further out by date; with no opening in sight, just that it is closed.
 */
export function closedMessage(opensAt: number | null | undefined, now: number, language: string = formattingLocale()): string {
  if (opensAt === null || opensAt === undefined || opensAt <= now) return t('closed.now');
  const withinWeek = opensAt - now < 6 * 86_400_000;
  const when = new Intl.DateTimeFormat(language, {
    ...(withinWeek ? { weekday: 'long' } : { weekday: 'long', day: 'numeric', month: 'long' }),
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(opensAt));
  return t('closed.opensAt', { when });
}

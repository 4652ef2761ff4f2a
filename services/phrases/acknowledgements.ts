import type { AckChannel, AckWords, CustomerLanguage } from '../contracts';
import { formatNumber, localeOf, phrase, template } from './index';

/** "within 2 hours" / "en menos de 2 horas": the same steps as the contracts' English withinLabel. */
function within(language: CustomerLanguage, seconds: number): string {
  const minutes = Math.max(1, Math.ceil(seconds / 60));
  if (minutes < 60) return phrase(language, 'ack.within.minutes', { count: minutes });
  const hours = Math.round((minutes / 60) * 2) / 2;
  if (hours < 24) return phrase(language, 'ack.within.hours', { count: hours, hours: formatNumber(language, hours) });
  return phrase(language, 'ack.within.days', { count: Math.round(hours / 24) });
}

/** What renderAck fills the placeholders with, in this language. */
export function ackWords(language: CustomerLanguage): AckWords {
  return {
    within: (seconds) => within(language, seconds),
    asSoonAsWeCan: phrase(language, 'ack.asSoonAsWeCan'),
    by: (when) => phrase(language, 'ack.by', { when }),
    locale: localeOf[language],
  };
}

type Wording = Readonly<{ open: string; closed: string }>;

/** The built-in acknowledgement wording of one channel, placeholders left for renderAck. */
export function defaultAckWording(language: CustomerLanguage, channel: AckChannel): Wording {
  return { open: template(language, `ack.${channel}.open`), closed: template(language, `ack.${channel}.closed`) };
}

/**
 * The wording to send. What an admin wrote is sent as written; wording that is still the built-in English
 * text word for word was never typed by anyone (the form starts from it), so a Spanish queue sends the
 * built-in Spanish instead.
 */
export function ackWordingFor(language: CustomerLanguage, channel: AckChannel, saved: Wording): Wording {
  if (language === 'en') return saved;
  const english = defaultAckWording('en', channel);
  const own = defaultAckWording(language, channel);
  return { open: saved.open === english.open ? own.open : saved.open, closed: saved.closed === english.closed ? own.closed : saved.closed };
}

import { describe, expect, it } from 'vitest';
import widgetEn from '../../../renderer/widget/locales/en.json';
import widgetEs from '../../../renderer/widget/locales/es.json';
import { defaultAckSettings, renderAck, type AckChannelSettings } from '../../../services/contracts';
import { ackWordingFor, ackWords, defaultAckWording } from '../../../services/phrases/acknowledgements';
import phrasesEn from '../../../services/phrases/locales/en.json';
import phrasesEs from '../../../services/phrases/locales/es.json';

type Strings = { [key: string]: string | Strings };

function entries(strings: Strings, prefix = ''): Array<[string, string]> {
  return Object.entries(strings).flatMap(([k, v]): Array<[string, string]> =>
    typeof v === 'string' ? [[`${prefix}${k}`, v]] : entries(v, `${prefix}${k}.`),
  );
}

const placeholders = (text: string) => [...text.matchAll(/\{\{\s*([^}\s]+)\s*\}\}/g)].map((m) => m[1]).sort();

// The words customers read and hear: the widget's catalogue and the hub's (services/phrases). Spanish must
// have every English key, no more, none empty, and the same placeholders (a missing {{reference}} would
// silently drop the reference from a Spanish acknowledgement).
describe.each([
  ['widget', widgetEn as Strings, widgetEs as Strings],
  ['hub phrases', phrasesEn as Strings, phrasesEs as Strings],
])('%s catalogue', (_name, en, es) => {
  it('has the same keys in English and Spanish', () => {
    expect(
      entries(es)
        .map(([k]) => k)
        .sort(),
    ).toEqual(
      entries(en)
        .map(([k]) => k)
        .sort(),
    );
  });
  it('has no empty strings', () => {
    expect([...entries(en), ...entries(es)].filter(([, v]) => v.trim() === '')).toEqual([]);
  });
  it('uses the same placeholders in both languages', () => {
    const spanish = new Map(entries(es));
    for (const [key, text] of entries(en))
      expect({ key, vars: placeholders(spanish.get(key) ?? '') }).toEqual({ key, vars: placeholders(text) });
  });
});

describe('acknowledgements in the queue language', () => {
  const MON_0800_UTC = Date.parse('2026-01-12T08:00:00Z');
  const queue = {
    name: 'Ventas',
    slaSeconds: 7200,
    hours: { timeZone: 'UTC', weekly: { mon: [{ from: '09:00', to: '17:00' }] }, exceptions: [] },
  };

  it('the built-in English wording is the one the admin form starts from', () => {
    for (const channel of ['sms', 'email'] as const) {
      const { open, closed } = defaultAckSettings[channel];
      expect(defaultAckWording('en', channel)).toEqual({ open, closed });
    }
  });

  it('a Spanish queue sends the Spanish wording with the promise in Spanish', () => {
    const saved: AckChannelSettings = { ...defaultAckSettings.sms, enabled: true };
    const wording = { ...saved, ...ackWordingFor('es', 'sms', saved) };
    expect(renderAck(wording, queue, MON_0800_UTC + 3600_000, 'SB-7', ackWords('es')).text).toBe(
      'Gracias, hemos recibido tu mensaje (SB-7). Ventas te responderá en menos de 2 horas.',
    );
    expect(renderAck(wording, queue, MON_0800_UTC, 'SB-7', ackWords('es')).text).toBe(
      'Gracias, hemos recibido tu mensaje (SB-7). Ahora estamos cerrados; Ventas te responderá antes del lun 11:00.',
    );
    expect(ackWords('es').within(5400)).toBe('en menos de 1,5 horas');
    expect(ackWords('en').within(5400)).toBe('within 1.5 hours');
  });

  it('English stays word for word; wording an admin typed is sent as typed', () => {
    const saved: AckChannelSettings = { ...defaultAckSettings.sms, enabled: true };
    expect(renderAck({ ...saved, ...ackWordingFor('en', 'sms', saved) }, queue, MON_0800_UTC + 3600_000, 'SB-7', ackWords('en')).text).toBe(
      'Thanks, we got your message (SB-7). Ventas will reply within 2 hours.',
    );
    const typed = { enabled: true, open: 'Recibido {{reference}}.', closed: 'Cerrado; {{expectedReply}}.' };
    expect(ackWordingFor('es', 'sms', typed)).toEqual({ open: typed.open, closed: typed.closed });
  });
});

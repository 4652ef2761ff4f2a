// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { formatWait } from '../../../renderer/widget/dom';
import { locale, pickLanguage, setLanguage, t } from '../../../renderer/widget/i18n';
import { closedMessage } from '../../../renderer/widget/opening';

describe('widget language', () => {
  afterEach(() => setLanguage('en'));

  it('follows the browser: the first preferred language we ship, any region', () => {
    expect(pickLanguage(undefined, ['es-AR', 'en'])).toBe('es');
    expect(pickLanguage(undefined, ['es'])).toBe('es');
    expect(pickLanguage(undefined, ['ES_mx'])).toBe('es');
    expect(pickLanguage(undefined, ['de-DE', 'es-ES'])).toBe('es');
    expect(pickLanguage(undefined, ['en-GB', 'es-ES'])).toBe('en');
    expect(pickLanguage(undefined, ['de-DE', 'fr'])).toBe('en');
    expect(pickLanguage(undefined, [])).toBe('en');
  });

  it('the embedding site can force one (data-lang); an unknown value is ignored', () => {
    expect(pickLanguage('es', ['en-US'])).toBe('es');
    expect(pickLanguage('en', ['es-AR'])).toBe('en');
    expect(pickLanguage('pt-BR', ['es-AR'])).toBe('es');
    expect(pickLanguage('', ['de'])).toBe('en');
  });

  it('switches every string, the expected wait and the closed message', () => {
    expect(t('prechat.start')).toBe('Start chat');
    expect(formatWait(180)).toBe('about 3 minutes');
    setLanguage('es');
    expect(locale()).toBe('es');
    expect(t('prechat.start')).toBe('Empezar chat');
    expect(formatWait(60)).toBe('aproximadamente 1 minuto');
    expect(formatWait(180)).toBe('aproximadamente 3 minutos');
    expect(formatWait(20)).toBe('menos de un minuto');
    expect(t('status.positionWait', { position: '2', wait: formatWait(180) })).toBe(
      'Eres el número 2 en la fila — espera estimada aproximadamente 3 minutos.',
    );
    const friday = Date.parse('2026-01-09T20:00:00Z');
    expect(closedMessage(null, friday)).toBe('Ahora mismo estamos cerrados.');
    expect(closedMessage(Date.parse('2026-01-12T09:00:00Z'), friday)).toMatch(/^Ahora mismo estamos cerrados\. Volvemos a abrir el lunes/);
  });
});

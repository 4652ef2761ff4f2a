import { describe, expect, it } from 'vitest';
import type { CustomerLanguage } from '../../../services/contracts';
import { TwilioConfig } from '../../../services/channels/telephony/config';
import type { TwilioRuntime } from '../../../services/channels/telephony/runtime';
import {
  enqueueTwiml,
  sayHangupTwiml,
  spokenWait,
  voicemailThanksTwiml,
  voicemailTwiml,
  waitTwiml,
} from '../../../services/channels/telephony/voice/twiml';
import { parseTwiml, twilioConfig, type TwimlNode } from '../../support/twilioFake';

// Callers hear the queue's language: Spanish queues get <Say language="es-ES"> with Spanish words, English
// ones stay word for word what they were; a prompt an admin configured is said as written.
function runtime(over: Record<string, unknown> = {}, languages: Record<string, CustomerLanguage> = { ventas: 'es' }): TwilioRuntime {
  const config = TwilioConfig.parse(twilioConfig('http://127.0.0.1:9', over));
  const center = { queue: (id: string) => (id in languages || id === 'support' ? { id, language: languages[id] } : undefined) };
  return { config, publicUrl: 'https://hub.example', center } as unknown as TwilioRuntime;
}

const says = (xml: string): Array<{ language: string | undefined; text: string }> =>
  parseTwiml(xml)
    .children.filter((c: TwimlNode) => c.name === 'Say')
    .map((c) => ({ language: c.attrs.language, text: c.text }));

describe('TwiML in the queue language', () => {
  it('announces position and expected wait in Spanish', () => {
    const rt = runtime();
    expect(says(waitTwiml(rt, 3, true, 600, 'es'))).toEqual([
      {
        language: 'es-ES',
        text: 'Gracias por llamar. Todos nuestros agentes están ocupados; por favor, no cuelgue. Usted es el número 3 en la fila. Su tiempo de espera estimado es de aproximadamente 10 minutos.',
      },
    ]);
    expect(says(waitTwiml(rt, 1, false, 30, 'es'))).toEqual([
      { language: 'es-ES', text: 'Usted es el siguiente en la fila. Su tiempo de espera estimado es de menos de un minuto.' },
    ]);
    expect(says(waitTwiml(rt, null, false, null, 'es'))).toEqual([{ language: 'es-ES', text: 'Un agente le atenderá en breve.' }]);
    expect(spokenWait(60, 'es')).toBe('aproximadamente 1 minuto');
    expect(spokenWait(5400, 'es')).toBe('aproximadamente 1,5 horas');
  });

  it('keeps English words exactly as before, spoken as en-US', () => {
    const rt = runtime();
    expect(says(waitTwiml(rt, 2, true, 600))).toEqual([
      {
        language: 'en-US',
        text: 'Thank you for calling. All of our agents are busy; please stay on the line. You are number 2 in line. Your expected wait is about 10 minutes.',
      },
    ]);
    expect(spokenWait(60)).toBe('about 1 minute');
    expect(spokenWait(5400)).toBe('about 1.5 hours');
    expect(spokenWait(3600)).toBe('about 1 hour');
    expect(says(voicemailThanksTwiml())).toEqual([{ language: 'en-US', text: 'Thank you. We will call you back. Goodbye.' }]);
  });

  it('closed hours, voicemail and goodbyes in Spanish', () => {
    const rt = runtime();
    expect(says(voicemailTwiml(rt, 'closed', undefined, 'es'))).toEqual([
      { language: 'es-ES', text: 'Ahora mismo estamos cerrados. Deje un mensaje después de la señal y le devolveremos la llamada.' },
      { language: 'es-ES', text: 'No hemos recibido ningún mensaje. Adiós.' },
    ]);
    expect(says(voicemailTwiml(rt, 'unstaffed', 4, 'es'))[0]).toEqual({
      language: 'es-ES',
      text: 'Lo sentimos, ahora mismo nadie puede atender su llamada. Deje un mensaje después de la señal y le devolveremos la llamada.',
    });
    expect(says(voicemailThanksTwiml('es'))).toEqual([{ language: 'es-ES', text: 'Gracias. Le devolveremos la llamada. Adiós.' }]);
    expect(says(sayHangupTwiml('voice.lineUnavailable', 'es'))).toEqual([
      { language: 'es-ES', text: 'Lo sentimos, esta línea no está disponible. Adiós.' },
    ]);
  });

  it('the recording announcement follows the queue the call is enqueued in', () => {
    const rt = runtime({ voice: { recordCalls: true } });
    expect(says(enqueueTwiml(rt, 7, 'ventas', true))).toEqual([
      { language: 'es-ES', text: 'Esta llamada puede ser grabada con fines de calidad y formación.' },
    ]);
    expect(says(enqueueTwiml(rt, 8, 'support', true))).toEqual([
      { language: 'en-US', text: 'This call may be recorded for quality and training.' },
    ]);
  });

  it('says a configured prompt as written, in every queue', () => {
    const rt = runtime({ voice: { holdMessage: 'Bienvenido a Acme.', closedGreeting: 'Closed for the holidays.' } });
    expect(says(waitTwiml(rt, 1, true, null, 'es'))[0]?.text).toBe('Bienvenido a Acme. Usted es el siguiente en la fila.');
    expect(says(voicemailTwiml(rt, 'closed', undefined, 'es'))[0]).toEqual({ language: 'es-ES', text: 'Closed for the holidays.' });
  });
});

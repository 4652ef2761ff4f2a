import { describe, expect, it } from 'vitest';
import { offReasons } from '../../../services/contracts';
import { errorText } from '../../../renderer/app/api';
import { hubWords } from '../../../renderer/common/hubWords';
import { i18n } from '../../../renderer/i18n';

describe("the hub's fixed sentences in the user's language", () => {
  it('knows every reason a channel gives for being off, word for word in English', () => {
    for (const text of Object.values(offReasons)) expect(hubWords(text)).toBe(text);
  });

  it('says them in Spanish, and leaves other hub text as written', async () => {
    await i18n.changeLanguage('es');
    try {
      for (const text of Object.values(offReasons)) expect(hubWords(text)).not.toBe(text);
      expect(errorText({ code: 'channel_unavailable', message: offReasons.phoneAbsent })).toMatch(/^Las llamadas y los mensajes de texto/);
      expect(hubWords('Conversation 12 was not found')).toBe('Conversation 12 was not found');
    } finally {
      await i18n.changeLanguage('en');
    }
  });
});

import { describe, expect, it } from 'vitest';
import { closedMessage } from '../../../renderer/widget/opening';

describe('widget: closed message', () => {
  const now = Date.parse('2026-01-09T20:00:00Z'); // a Friday evening
  it('says when the queue opens again, in the visitor language', () => {
    const monday = Date.parse('2026-01-12T09:00:00Z');
    expect(closedMessage(monday, now, 'en-GB')).toMatch(/^We are closed right now\. We open again Monday( at)? \d\d:00\.$/);
    const later = Date.parse('2026-02-02T09:00:00Z');
    expect(closedMessage(later, now, 'en-GB')).toMatch(/^We are closed right now\. We open again Monday,? 2 February( at)?,? \d\d:00\.$/);
  });
  it('without an opening in sight it only says it is closed', () => {
    expect(closedMessage(null, now)).toBe('We are closed right now.');
    expect(closedMessage(undefined, now)).toBe('We are closed right now.');
  });
});

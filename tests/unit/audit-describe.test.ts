import { describe, expect, it } from 'vitest';
import { actionText, detailLines, targetText } from '../../renderer/features/admin/audit/describe';

/* The audit log reads in words: no dotted action names or config keys where the hub records them. */
describe('audit log wording', () => {
  it('a first queue save reads "Created a queue" with what it was created with', () => {
    const detail = {
      created: true,
      changes: {
        name: { from: null, to: 'Billing help' },
        channels: { from: null, to: ['voice', 'chat'] },
        slTargetPercent: { from: null, to: 80 },
        hours: { from: null, to: { timeZone: 'UTC', weekly: {} } },
        shortAbandonSeconds: { from: null, to: 5 },
      },
    };
    expect(actionText('queue.updated', detail)).toBe('Created a queue');
    expect(detailLines(detail)).toEqual([
      'Name: Billing help',
      'Channels: phone, web chat',
      'Service level goal (%): 80',
      'Business hours: set (UTC)',
      'Short abandon (seconds): 5',
    ]);
  });

  it('a later queue save shows before and after', () => {
    const detail = { created: false, changes: { hours: { from: { timeZone: 'UTC' }, to: null }, priority: { from: 0, to: 5 } } };
    expect(actionText('queue.updated', detail)).toBe('Changed a queue');
    expect(detailLines(detail)).toEqual(['Business hours: set (UTC) → always open', 'Priority: 0 → 5']);
  });

  it("an agent's capacity reads like the form", () => {
    expect(detailLines({ capacity: { chat: 2, email: 0, sms: 3, voice: 0 } })).toEqual(['Capacity: Calls 0 · SMS 3 · Emails 0 · Chats 2']);
  });

  it('a channel save names the channel and what changed in words', () => {
    expect(actionText('settings.webchat.updated')).toBe('Changed the web chat settings');
    expect(actionText('settings.twilio.updated')).toBe('Changed the phone and SMS settings');
    expect(targetText('settings:email', new Map())).toBe('Email settings');
    expect(detailLines({ changed: ['allowedOrigins', 'preChat.email', 'preChat.phone', 'queueId'], testPassed: true })).toEqual([
      'Changed: websites allowed, pre-chat form, queue',
      'Connection test passed: yes',
    ]);
  });
});

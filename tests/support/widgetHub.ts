import { mkdirSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import type { z } from 'zod';
import { buildWidget } from '../../services/channels/webchat';
import type { WebchatConfig } from '../../services/channels/webchat/config';
import type { AgentClient } from './agentClient';
import { launchChromium } from './browser';
import { seed, startTestHub, type TestHub } from './testHub';

export type WidgetHub = Readonly<{
  t: TestHub;
  /** Ann, available, who takes one chat at a time (a second visitor waits in line). */
  ann: AgentClient;
  browser: Browser;
  stop: () => Promise<void>;
}>;

/**
 * The chat widget's browser tests' world: the widget built from the working tree (not a stale dist from an
 * earlier build), a hub with web chat and email (its mail servers are never reached: email runs so the
 * offline form may promise an answer by email), Ann signed in and available, and headless chromium.
 */
export async function startWidgetHub(webchat: Readonly<z.input<typeof WebchatConfig>> = {}): Promise<WidgetHub> {
  mkdirSync('test-output', { recursive: true });
  await buildWidget();
  const t = await startTestHub({
    webchat,
    email: {
      mailboxes: [
        {
          id: 'support',
          host: '127.0.0.1',
          port: 9,
          secure: false,
          user: 'u',
          password: 'p',
          address: 'support@example.com',
          queueId: 'support',
        },
      ],
      smtp: { host: '127.0.0.1', port: 9, ignoreTLS: true },
    },
  });
  await seed(t, []);
  const admin = await t.admin();
  await admin.ok('admin/agentUpsert', {
    username: 'ann',
    displayName: 'Ann Agent',
    role: 'agent',
    skills: {},
    capacity: { voice: 1, chat: 1, email: 2, sms: 1 },
    password: 'ann-password',
  });
  admin.close();
  const ann = await t.connect('ann', 'ann-password');
  await ann.ok('presence/set', { presence: 'available' });
  const browser = await launchChromium();
  return {
    t,
    ann,
    browser,
    stop: async () => {
      await browser.close();
      await t.stop();
    },
  };
}

import { z } from 'zod';
import { afterEach, describe, expect, it } from 'vitest';
import type { ChannelAdapter } from '../../services/hub/channels';
import { LIVE_MODULES, type AnyHubModule } from '../../services/hub/module';
import { provide, serviceKey } from '../../services/hub/services';
import { defaultModules } from '../../services/server/modules';
import { startTestHub, type TestHub } from '../support/testHub';

/*
 * The live-reconfigure seam on its own: a stand-in module reading the `webchat` section, set up again
 * through LIVE_MODULES. Its route is registered once and answers from the current runtime; services and
 * adapters are swapped; a setup that throws leaves the module off with the reason and the hub running.
 */
const PROBE = serviceKey<string>('probe');

function probeModule(log: string[]): AnyHubModule {
  let current: string | null = null;
  return {
    name: 'probe',
    configSection: { key: 'webchat', live: 'webchat', schema: z.unknown() },
    handlers: {},
    routes(app) {
      app.get('/probe', async () => ({ current }));
    },
    setup(ctx) {
      const section = ctx.config.webchat as { label?: string } | undefined;
      if (section?.label === 'boom') throw new Error('the probe cannot start');
      if (!section?.label) {
        current = null;
        return { enabled: false, reason: 'no label' };
      }
      const label = section.label;
      current = label;
      log.push(`setup ${label}`);
      const adapter: ChannelAdapter = { kind: 'chat', deliver: async () => undefined };
      return {
        enabled: true,
        services: [provide(PROBE, label)],
        adapters: [adapter],
        async start() {
          log.push(`start ${label}`);
        },
        async stop() {
          log.push(`stop ${label}`);
          if (current === label) current = null;
        },
      };
    },
  };
}

let t: TestHub | undefined;
afterEach(async () => {
  await t?.stop();
  t = undefined;
});

describe('live modules (ModuleHost)', () => {
  it('sets a module up again: stop, setup, start; routes stay and answer from the new runtime', async () => {
    const log: string[] = [];
    const modules = [...defaultModules().filter((m) => m.name !== 'webchat'), probeModule(log)];
    t = await startTestHub({ webchat: { label: 'one' } }, { modules });
    const live = t.hub.services.require(LIVE_MODULES);
    const probe = async () => ((await (await fetch(`${t!.hub.url}/probe`)).json()) as { current: string | null }).current;

    expect(await probe()).toBe('one');
    expect(t.hub.services.find(PROBE)).toBe('one');
    const first = t.hub.channels.get('chat');

    expect(await live.apply('webchat', { label: 'two' })).toEqual({ enabled: true });
    expect(log).toEqual(['setup one', 'start one', 'stop one', 'setup two', 'start two']);
    expect(await probe()).toBe('two');
    expect(t.hub.services.find(PROBE)).toBe('two');
    expect(t.hub.channels.get('chat')).not.toBe(first);
    expect(live.current('webchat')).toEqual({ label: 'two' });

    // Two changes at once run one after the other.
    await Promise.all([live.apply('webchat', { label: 'three' }), live.apply('webchat', { label: 'four' })]);
    expect(log.slice(5)).toEqual(['stop two', 'setup three', 'start three', 'stop three', 'setup four', 'start four']);

    // A setup that throws: off with the reason, its service gone, the hub still serving.
    expect(await live.apply('webchat', { label: 'boom' })).toEqual({ enabled: false, reason: 'could not start: the probe cannot start' });
    expect(t.hub.services.find(PROBE)).toBeUndefined();
    expect(t.hub.services.whyOff(PROBE)).toBe('could not start: the probe cannot start');
    expect(t.hub.channels.get('chat')).toBeUndefined();
    expect(await probe()).toBeNull();
    expect((await fetch(`${t.hub.url}/api/health`)).status).toBe(200);

    // And back on.
    expect(await live.apply('webchat', { label: 'five' })).toEqual({ enabled: true });
    expect(await probe()).toBe('five');
  });
});

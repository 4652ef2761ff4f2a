import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { checkSender, handleSecure, type SenderPolicy } from '../../../main/ipc';
import { FakeWebContents, createFakeElectron } from '../../support/fakeElectron';

const ours = new FakeWebContents();
const policy: SenderPolicy = { hosts: ['desktop'], isAppContents: (contents) => contents.id === ours.id };

describe('IPC sender validation', () => {
  it('accepts the top frame of an app window on an allowed app:// host', () => {
    expect(checkSender(ours.frame('app://desktop/queue'), policy)).toBeNull();
  });

  it.each([
    ['a foreign origin', 'https://evil.example/'],
    ['another app host', 'app://setup/'],
    ['a file URL', 'file:///home/user/page.html'],
    ['a srcdoc frame', 'about:srcdoc'],
    ['no URL', ''],
    ['a lookalike host', 'app://desktop.evil/'],
  ])('refuses %s', (_label, url) => {
    expect(checkSender(ours.frame(url), policy)).not.toBeNull();
  });

  it('refuses sub-frames, vanished frames and web contents that are not our windows', () => {
    expect(checkSender(ours.frame('app://desktop/', { url: 'app://desktop/', parent: null }), policy)).toMatch(/sub-frames/);
    expect(checkSender({ sender: ours, senderFrame: null }, policy)).toMatch(/gone/);
    expect(checkSender(new FakeWebContents().frame('app://desktop/'), policy)).toMatch(/not an app window/);
  });
});

describe('handleSecure', () => {
  const setup = () => {
    const electron = createFakeElectron('/tmp/unused');
    const refused: string[] = [];
    const calls: unknown[] = [];
    handleSecure(
      electron.ipcMain,
      'test:echo',
      { policy, input: z.object({ n: z.number().int() }).strict(), onRefused: (_c, r) => refused.push(r) },
      (input) => {
        calls.push(input);
        return input.n * 2;
      },
    );
    return { electron, refused, calls };
  };

  it('runs the handler with parsed input from a valid sender', async () => {
    const { electron, calls } = setup();
    await expect(electron.invoke('test:echo', ours.frame('app://desktop/'), { n: 21 })).resolves.toBe(42);
    expect(calls).toEqual([{ n: 21 }]);
  });

  it('rejects a foreign frame before looking at the input', async () => {
    const { electron, calls, refused } = setup();
    await expect(electron.invoke('test:echo', ours.frame('https://evil.example/'), { n: 1 })).rejects.toThrow(/not allowed/);
    expect(calls).toEqual([]);
    expect(refused).toHaveLength(1);
  });

  it.each([[{ n: 'x' }], [{ n: 1, extra: true }], [null], [undefined], ['{"n":1}']])('rejects bad input %j', async (input) => {
    const { electron, calls } = setup();
    await expect(electron.invoke('test:echo', ours.frame('app://desktop/'), input)).rejects.toThrow(/invalid input/);
    expect(calls).toEqual([]);
  });

  it('rejects extra arguments', async () => {
    const { electron } = setup();
    await expect(electron.invoke('test:echo', ours.frame('app://desktop/'), { n: 1 }, 'more')).rejects.toThrow(/too many arguments/);
  });
});

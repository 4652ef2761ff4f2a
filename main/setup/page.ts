/// <reference lib="dom" />
import { SetupInput, setupBridgeName, type SetupBridge } from '../../services/contracts/desktop';

// The first-run page (app://setup/). Runs sandboxed in the browser context; talks to main only via the bridge.

const bridge = (window as unknown as Record<string, SetupBridge | undefined>)[setupBridgeName];
const form = document.getElementById('setup') as HTMLFormElement;
const errorBox = document.getElementById('error') as HTMLParagraphElement;

function showError(message: string): void {
  errorBox.textContent = message;
  errorBox.hidden = false;
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  void (async () => {
    const data = new FormData(form);
    const field = (name: string): string => {
      const value = data.get(name);
      return typeof value === 'string' ? value : '';
    };
    const repeat = field('repeat');
    const input = SetupInput.safeParse({ username: field('username'), password: field('password') });
    if (!input.success) return showError(input.error.issues.map((issue) => issue.message).join('; '));
    if (input.data.password !== repeat) return showError('The passwords do not match.');
    if (!bridge) return showError('This page only works inside the Switchboard desktop.');
    const button = form.querySelector('button');
    if (button) button.disabled = true;
    try {
      const result = await bridge.completeSetup(input.data);
      if (!result.ok) showError(result.message);
    } catch (error) {
      showError((error as Error).message);
    } finally {
      if (button) button.disabled = false;
    }
  })();
});

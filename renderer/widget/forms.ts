import { errorText } from './connection';

/**
 * Wires a card form's submit: the button is disabled and the last error cleared while `action` runs. If it
 * fails, `failed` may answer the error itself (return true; the button stays disabled), else the error shows
 * under the fields and the button comes back.
 */
export function onSubmit(
  form: HTMLFormElement,
  submit: HTMLButtonElement,
  error: HTMLElement,
  action: () => Promise<void>,
  failed?: (e: unknown) => boolean,
): void {
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    submit.disabled = true;
    error.textContent = '';
    void (async () => {
      try {
        await action();
      } catch (e) {
        if (failed?.(e)) return;
        error.textContent = errorText(e);
        submit.disabled = false;
      }
    })();
  });
}

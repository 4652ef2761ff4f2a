// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { VisitorCommandError } from '../../../renderer/widget/connection';
import { el } from '../../../renderer/widget/dom';
import { onSubmit } from '../../../renderer/widget/forms';

// The widget's card forms (history proof and code, pre-chat, offline) share one submit wiring: one request at
// a time, the error under the fields, the button back unless the failure has its own answer.
function form() {
  const error = el('p', { class: 'error', role: 'alert' }, 'old error');
  const submit = el('button', { type: 'submit' }, 'Send');
  const node = el('form', {}, error, submit);
  document.body.append(node);
  return { node, error, submit };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('widget card forms', () => {
  it('disables the button and clears the last error while the request runs', async () => {
    const f = form();
    let release!: () => void;
    onSubmit(f.node, f.submit, f.error, () => new Promise<void>((resolve) => (release = resolve)));
    f.node.requestSubmit();
    expect(f.submit.disabled).toBe(true);
    expect(f.error.textContent).toBe('');
    release();
    await settle();
    expect(f.submit.disabled).toBe(true); // success: the caller replaces the form
  });

  it('shows a failure under the fields and gives the button back', async () => {
    const f = form();
    onSubmit(f.node, f.submit, f.error, () =>
      Promise.reject(new VisitorCommandError({ code: 'invalid_input', message: 'not an email address' })),
    );
    f.node.requestSubmit();
    await settle();
    expect(f.error.textContent).toBe('not an email address');
    expect(f.submit.disabled).toBe(false);
  });

  it('leaves a failure the caller answered to the caller, with the button still off', async () => {
    const f = form();
    const seen: unknown[] = [];
    onSubmit(
      f.node,
      f.submit,
      f.error,
      () => Promise.reject(new Error('spent')),
      (e) => (seen.push(e), true),
    );
    f.node.requestSubmit();
    await settle();
    expect(seen).toHaveLength(1);
    expect(f.error.textContent).toBe('');
    expect(f.submit.disabled).toBe(true);
  });
});

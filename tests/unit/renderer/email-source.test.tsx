// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { Provider } from 'react-redux';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { EmailSourceNotice } from '../../../renderer/features/email/EmailStatus';
import { sessionResumed } from '../../../renderer/features/session/sessionSlice';
import { fakeHub, message, session } from '../../support/fakeHub';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('<EmailSourceNotice>', () => {
  it('an unreadable email says why and downloads its raw source with the session token', async () => {
    const hub = fakeHub();
    hub.store.dispatch(sessionResumed(session));
    const fetchMock = vi.fn(async () => new Response('From: x\r\n\r\nraw', { status: 200 }));
    vi.stubGlobal('fetch', fetchMock);
    vi.stubGlobal('URL', Object.assign(URL, { createObjectURL: () => 'blob:x', revokeObjectURL: () => undefined }));
    const m = message({
      id: 77,
      meta: {
        email: { unreadable: { reason: 'MIME: Max allowed child nodes exceeded' }, source: { sha256: 'a'.repeat(64), size: 40_960 } },
      },
    });
    render(
      <Provider store={hub.store}>
        <EmailSourceNotice message={m} />
      </Provider>,
    );
    expect(screen.getByRole('note').textContent).toContain('Unreadable email — MIME: Max allowed child nodes exceeded');
    fireEvent.click(screen.getByRole('button', { name: 'Download original (40 kB)' }));
    await waitFor(() => expect(fetchMock).toHaveBeenCalledTimes(1));
    expect(fetchMock).toHaveBeenCalledWith(`${session.hubUrl}/api/email/messages/77/source`, {
      headers: { authorization: `Bearer ${session.token}` },
    });
  });

  it('a truncated email says what was shortened; ordinary mail shows nothing', () => {
    const hub = fakeHub();
    hub.store.dispatch(sessionResumed(session));
    const { container } = render(
      <Provider store={hub.store}>
        <EmailSourceNotice
          message={message({ meta: { email: { truncated: ['text'], source: { sha256: 'b'.repeat(64), size: 2_000_000 } } } })}
        />
        <EmailSourceNotice message={message({ meta: { email: { subject: 'plain' } } })} />
      </Provider>,
    );
    expect(container.querySelectorAll('.email-source-notice')).toHaveLength(1);
    expect(screen.getByRole('note').textContent).toContain('This email was shortened to fit (text).');
  });
});

import { describe, expect, it } from 'vitest';
import { passwordChanged, sessionResumed, sessionSlice } from '../../../renderer/features/session/sessionSlice';

const session = {
  hubUrl: 'http://127.0.0.1:4780',
  token: 'token-token-token',
  agent: {
    id: 1,
    username: 'ann',
    displayName: 'Ann',
    role: 'agent' as const,
    skills: {},
    capacity: { voice: 1, chat: 3, email: 2, sms: 3 },
  },
  expiresAt: Date.now() + 3600_000,
};

const rejected = (code: string) => ({
  type: 'hubApi/executeQuery/rejected',
  payload: { code, message: 'x' },
  error: { message: 'Rejected' },
  meta: { requestId: 'r1', requestStatus: 'rejected', rejectedWithValue: true, aborted: false, condition: false, arg: {} },
});

describe('temporary password in the session state', () => {
  it('a password_change_required refusal shows the change screen; passwordChanged clears it', () => {
    let state = sessionSlice.reducer(undefined, sessionResumed(session));
    expect(state.session?.mustChangePassword).toBeFalsy();
    state = sessionSlice.reducer(state, rejected('forbidden'));
    expect(state.session?.mustChangePassword).toBeFalsy();
    state = sessionSlice.reducer(state, rejected('password_change_required'));
    expect(state.session?.mustChangePassword).toBe(true);
    state = sessionSlice.reducer(state, passwordChanged());
    expect(state.session?.mustChangePassword).toBe(false);
  });
});

import { createAction, createAsyncThunk, createSlice, isRejectedWithValue, type ThunkAction, type UnknownAction } from '@reduxjs/toolkit';
import { z } from 'zod';
import { Agent, LoginResponse } from '../../../services/contracts';
import type { StoreExtra } from '../../app/extra';
import { hubSessionRejected } from '../../app/hubActions';
import { readStored, writeStored } from '../../common/storage';
import { i18n } from '../../i18n';

/** The sign-in's own messages, in the language in use when they happen (the hub's are kept as it sends them). */
const say = (key: string, values: Readonly<Record<string, string | number>> = {}): string => i18n.t(key, { ns: 'session', ...values });

export const StoredSession = z.object({
  hubUrl: z.string().url(),
  token: z.string().min(10),
  agent: Agent,
  expiresAt: z.number(),
  /** The password is temporary: the desk shows only "Choose a new password" until it is replaced. */
  mustChangePassword: z.boolean().optional(),
});
export type StoredSession = z.infer<typeof StoredSession>;
const SESSION_KEY = 'switchboard.session';

export type SessionState = Readonly<{
  session: StoredSession | null;
  signingIn: boolean;
  error: string | null;
  /** Set when the hub ended the session (signed out elsewhere, role changed, expired...): shown on sign-in. */
  signedOutReason: string | null;
  /** Last hub URL used, to prefill the form after sign-out. */
  lastHubUrl: string | null;
}>;

export type SignInArgs = Readonly<{ hubUrl: string; username: string; password: string }>;

export const normaliseHubUrl = (url: string): string => url.trim().replace(/\/+$/, '');

export const signIn = createAsyncThunk<StoredSession, SignInArgs, { extra: StoreExtra; rejectValue: string }>(
  'session/signIn',
  async ({ hubUrl: rawUrl, username, password }, { extra, rejectWithValue }) => {
    const hubUrl = normaliseHubUrl(rawUrl);
    if (!/^https?:\/\/[^\s/]+/.test(hubUrl)) return rejectWithValue(say('errors.badAddress'));
    let response: Response;
    try {
      response = await extra.fetch(`${hubUrl}/api/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password }),
      });
    } catch {
      return rejectWithValue(say('errors.unreachable', { hubUrl }));
    }
    const body: unknown = await response.json().catch(() => null);
    if (!response.ok) {
      const message = z.object({ message: z.string() }).safeParse(body);
      return rejectWithValue(message.success ? capitalise(message.data.message) : say('errors.refused', { status: response.status }));
    }
    const login = LoginResponse.safeParse(body);
    if (!login.success) return rejectWithValue(say('errors.mismatch'));
    return {
      hubUrl,
      token: login.data.token,
      agent: login.data.agent,
      expiresAt: login.data.expiresAt,
      mustChangePassword: login.data.mustChangePassword,
    };
  },
);

/** The agent signed out: state is cleared at once, whatever the hub says afterwards. */
export const signedOut = createAction('session/signedOut');

/** Sign-out: drop the link and the local session, then tell the hub to forget the token (best effort). */
export function signOut(): ThunkAction<Promise<void>, { session: SessionState }, StoreExtra, UnknownAction> {
  return async (dispatch, getState, extra) => {
    const session = getState().session.session;
    extra.link.current?.close();
    extra.link.current = null;
    dispatch(signedOut());
    if (!session) return;
    try {
      await extra.fetch(`${session.hubUrl}/api/logout`, { method: 'POST', headers: { authorization: `Bearer ${session.token}` } });
    } catch {
      // The hub is down: the token expires on its own; signing out locally is what the agent asked for.
    }
  };
}

/** The hub accepted the agent's new password: the temporary one (if any) no longer holds the desk back. */
export const passwordChanged = createAction('session/passwordChanged');

/** A remembered session found at start-up. */
export const sessionResumed = createAction<StoredSession>('session/resumed');

export function loadStoredSession(now: number): StoredSession | null {
  const stored = readStored(SESSION_KEY, StoredSession);
  return stored && stored.expiresAt > now ? stored : null;
}
export function rememberSession(session: StoredSession | null): void {
  writeStored(SESSION_KEY, session);
}

const initialState: SessionState = { session: null, signingIn: false, error: null, signedOutReason: null, lastHubUrl: null };

export const sessionSlice = createSlice({
  name: 'session',
  initialState,
  reducers: {},
  extraReducers: (b) => {
    b.addCase(signIn.pending, (s) => ({ ...s, signingIn: true, error: null, signedOutReason: null }));
    b.addCase(signIn.fulfilled, (_s, a) => ({
      session: a.payload,
      signingIn: false,
      error: null,
      signedOutReason: null,
      lastHubUrl: a.payload.hubUrl,
    }));
    b.addCase(signIn.rejected, (s, a) => ({ ...s, signingIn: false, error: a.payload ?? say('errors.failed') }));
    b.addCase(sessionResumed, (_s, a) => ({
      session: a.payload,
      signingIn: false,
      error: null,
      signedOutReason: null,
      lastHubUrl: a.payload.hubUrl,
    }));
    b.addCase(signedOut, (s) => ({
      session: null,
      signingIn: false,
      error: null,
      signedOutReason: null,
      lastHubUrl: s.session?.hubUrl ?? s.lastHubUrl,
    }));
    b.addCase(passwordChanged, (s) => (s.session ? { ...s, session: { ...s.session, mustChangePassword: false } } : s));
    b.addCase(hubSessionRejected, (s, a) => ({
      session: null,
      signingIn: false,
      error: null,
      signedOutReason: capitalise(a.payload),
      lastHubUrl: s.session?.hubUrl ?? s.lastHubUrl,
    }));
    // The hub says the password is temporary (a desk that missed the sign-in flag): show the change screen.
    b.addMatcher(isPasswordChangeRequired, (s) =>
      s.session && !s.session.mustChangePassword ? { ...s, session: { ...s.session, mustChangePassword: true } } : s,
    );
  },
});

/** A command refused because the session's password is temporary (RTK Query puts the hub's error in payload). */
function isPasswordChangeRequired(action: UnknownAction): boolean {
  if (!isRejectedWithValue(action)) return false;
  const payload: unknown = action.payload;
  return typeof payload === 'object' && payload !== null && 'code' in payload && payload.code === 'password_change_required';
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1) + (/[.!?]$/.test(text) ? '' : '.');
}

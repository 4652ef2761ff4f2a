import { createSlice } from '@reduxjs/toolkit';
import { signedOut } from '../features/session/sessionSlice';
import { hubConnected, hubConnecting, hubConnectionLost, hubSessionRejected } from './hubActions';

export type ConnectionState = Readonly<{
  status: 'offline' | 'connecting' | 'connected' | 'reconnecting';
  detail: string | null;
  /** True once the link has been up at least once: a later 'connected' is a re-connection. */
  wasConnected: boolean;
}>;

const initialState: ConnectionState = { status: 'offline', detail: null, wasConnected: false };

export const connectionSlice = createSlice({
  name: 'connection',
  initialState,
  reducers: {},
  extraReducers: (b) => {
    b.addCase(hubConnecting, (s) => ({ ...s, status: 'connecting', detail: null }));
    b.addCase(hubConnected, () => ({ status: 'connected', detail: null, wasConnected: true }));
    b.addCase(hubConnectionLost, (s, a) => ({ ...s, status: 'reconnecting', detail: a.payload }));
    b.addCase(hubSessionRejected, () => initialState);
    b.addCase(signedOut, () => initialState);
  },
});

import { createSlice } from '@reduxjs/toolkit';
import { pushed } from '../../app/hubActions';
import { signedOut } from '../session/sessionSlice';

/** When each chat's visitor last said they were typing (absent = not typing). */
export type ChatTypingState = Readonly<{ since: Readonly<Record<number, number>> }>;

/** A "typing" that is never followed by "stopped" (tab closed) fades after this long. */
export const VISITOR_TYPING_TTL_MS = 8000;

const initialState: ChatTypingState = { since: {} };

export const chatTypingSlice = createSlice({
  name: 'chatTyping',
  initialState,
  reducers: {},
  extraReducers: (b) => {
    b.addCase(pushed['chat/visitorTyping'], (s, a) => {
      if (a.payload.typing) s.since[a.payload.conversationId] = Date.now();
      else delete s.since[a.payload.conversationId];
    });
    // The line they were typing has arrived.
    b.addCase(pushed['message/new'], (s, a) => {
      if (a.payload.direction === 'in') delete s.since[a.payload.conversationId];
    });
    b.addCase(signedOut, () => initialState);
  },
});

export const visitorTypingSince = (state: { chatTyping: ChatTypingState }, conversationId: number): number | null =>
  state.chatTyping.since[conversationId] ?? null;

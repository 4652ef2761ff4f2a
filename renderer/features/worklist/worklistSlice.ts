import { createAction, createSlice, isAnyOf } from '@reduxjs/toolkit';
import { z } from 'zod';
import { hubApi } from '../../app/api';
import { pushed } from '../../app/hubActions';
import { signedOut } from '../session/sessionSlice';
import { channelApi } from '../channels/channelApi';

export const ComposeMode = z.enum(['reply', 'note']);
export type ComposeMode = z.infer<typeof ComposeMode>;
export const Draft = z.object({ text: z.string(), mode: ComposeMode });
export type Draft = z.infer<typeof Draft>;
export const Drafts = z.record(z.string(), Draft);

export type WorklistState = Readonly<{
  selectedId: number | null;
  /** Inbound messages not yet seen, per conversation. */
  unread: Readonly<Record<number, number>>;
  /** What the agent typed, per conversation; survives switching, disconnects and reloads. */
  drafts: Readonly<Record<number, Draft>>;
  /** Wrap-up choices in progress, so switching away and back keeps them. */
  wrapUps: Readonly<Record<number, WrapUpDraft>>;
}>;

export type WrapUpDraft = Readonly<{ disposition: string | null; note: string }>;

export const conversationSelected = createAction<number | null>('worklist/conversationSelected');
export const draftEdited = createAction<{ conversationId: number; text: string }>('worklist/draftEdited');
export const composeModeChosen = createAction<{ conversationId: number; mode: ComposeMode }>('worklist/composeModeChosen');
export const wrapUpEdited = createAction<{ conversationId: number } & WrapUpDraft>('worklist/wrapUpEdited');
export const draftsRestored = createAction<Record<number, Draft>>('worklist/draftsRestored');

const initialState: WorklistState = { selectedId: null, unread: {}, drafts: {}, wrapUps: {} };
const emptyDraft: Draft = { text: '', mode: 'reply' };

export const worklistSlice = createSlice({
  name: 'worklist',
  initialState,
  reducers: {},
  extraReducers: (b) => {
    b.addCase(conversationSelected, (s, a) => {
      s.selectedId = a.payload;
      if (a.payload !== null) delete s.unread[a.payload];
    });
    b.addCase(draftEdited, (s, a) => {
      s.drafts[a.payload.conversationId] = { ...(s.drafts[a.payload.conversationId] ?? emptyDraft), text: a.payload.text };
    });
    b.addCase(composeModeChosen, (s, a) => {
      s.drafts[a.payload.conversationId] = { ...(s.drafts[a.payload.conversationId] ?? emptyDraft), mode: a.payload.mode };
    });
    b.addCase(wrapUpEdited, (s, a) => {
      s.wrapUps[a.payload.conversationId] = { disposition: a.payload.disposition, note: a.payload.note };
    });
    b.addCase(draftsRestored, (s, a) => {
      // Restored drafts never overwrite something typed in this session.
      s.drafts = { ...a.payload, ...s.drafts };
    });
    b.addCase(pushed['message/new'], (s, a) => {
      const { conversationId, direction } = a.payload;
      if (direction === 'in' && conversationId !== s.selectedId) s.unread[conversationId] = (s.unread[conversationId] ?? 0) + 1;
    });
    b.addCase(pushed['conversation/updated'], (s, a) => {
      const c = a.payload;
      if (c.state === 'closed' || c.state === 'abandoned' || c.state === 'queued') {
        delete s.unread[c.id];
        // A transferred or closed conversation leaves this desk; its draft is of no use to anyone here.
        delete s.drafts[c.id];
        delete s.wrapUps[c.id];
      }
    });
    b.addCase(signedOut, () => initialState);
    b.addMatcher(hubApi.endpoints.acceptOffer.matchFulfilled, (s, a) => {
      s.selectedId = a.payload.id;
    });
    const replySent = isAnyOf(
      hubApi.endpoints.sendMessage.matchFulfilled,
      channelApi.endpoints.smsSend.matchFulfilled,
      channelApi.endpoints.emailSend.matchFulfilled,
    );
    b.addMatcher(replySent, (s, a) => {
      const id = a.meta.arg.originalArgs.conversationId;
      const draft = s.drafts[id];
      // Only clear what was sent: text typed while the send was in flight stays.
      if (draft && draft.text.trim() === a.meta.arg.originalArgs.bodyText.trim()) s.drafts[id] = { ...draft, text: '' };
    });
  },
});

export const draftFor = (state: { worklist: WorklistState }, conversationId: number): Draft =>
  state.worklist.drafts[conversationId] ?? emptyDraft;

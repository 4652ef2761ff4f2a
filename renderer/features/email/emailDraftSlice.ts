import { createAction, createSlice } from '@reduxjs/toolkit';
import { z } from 'zod';
import { EmailSendMode } from '../../../services/contracts';
import { pushed } from '../../app/hubActions';
import { signedOut } from '../session/sessionSlice';
import { channelApi } from '../channels/channelApi';

/** A file picked for an email, already read as base64 (kept in memory only: too large for localStorage). */
export type PickedAttachment = Readonly<{ id: string; filename: string; contentType: string; size: number; contentBase64: string }>;

/** The envelope part of an email draft; the body text lives with the other drafts (worklist slice). */
export const EmailEnvelope = z.object({
  mode: EmailSendMode,
  to: z.string().max(4000),
  cc: z.string().max(4000),
  bcc: z.string().max(4000),
  quote: z.boolean(),
});
export type EmailEnvelope = z.infer<typeof EmailEnvelope>;
export const EmailEnvelopes = z.record(z.string(), EmailEnvelope);

export type EmailDraftState = Readonly<{
  envelopes: Readonly<Record<number, EmailEnvelope>>;
  attachments: Readonly<Record<number, readonly PickedAttachment[]>>;
}>;

export const emptyEnvelope: EmailEnvelope = { mode: 'reply', to: '', cc: '', bcc: '', quote: true };

export const emailEnvelopeEdited = createAction<{ conversationId: number } & Partial<EmailEnvelope>>('email/envelopeEdited');
export const emailAttachmentPicked = createAction<{ conversationId: number; attachment: PickedAttachment }>('email/attachmentPicked');
export const emailAttachmentRemoved = createAction<{ conversationId: number; id: string }>('email/attachmentRemoved');
export const emailEnvelopesRestored = createAction<Record<number, EmailEnvelope>>('email/envelopesRestored');

const initialState: EmailDraftState = { envelopes: {}, attachments: {} };

export const emailDraftSlice = createSlice({
  name: 'emailDrafts',
  initialState,
  reducers: {},
  extraReducers: (b) => {
    b.addCase(emailEnvelopeEdited, (s, a) => {
      const { conversationId, ...changes } = a.payload;
      s.envelopes[conversationId] = { ...(s.envelopes[conversationId] ?? emptyEnvelope), ...changes };
    });
    b.addCase(emailAttachmentPicked, (s, a) => {
      s.attachments[a.payload.conversationId] = [...(s.attachments[a.payload.conversationId] ?? []), a.payload.attachment];
    });
    b.addCase(emailAttachmentRemoved, (s, a) => {
      s.attachments[a.payload.conversationId] = (s.attachments[a.payload.conversationId] ?? []).filter((x) => x.id !== a.payload.id);
    });
    b.addCase(emailEnvelopesRestored, (s, a) => {
      s.envelopes = { ...a.payload, ...s.envelopes };
    });
    b.addCase(pushed['conversation/updated'], (s, a) => {
      const c = a.payload;
      if (c.state === 'closed' || c.state === 'abandoned' || c.state === 'queued') {
        delete s.envelopes[c.id];
        delete s.attachments[c.id];
      }
    });
    b.addCase(signedOut, () => initialState);
    // The hub accepted the email: recipients and files go (the body is cleared with the other drafts).
    b.addMatcher(channelApi.endpoints.emailSend.matchFulfilled, (s, a) => {
      delete s.envelopes[a.meta.arg.originalArgs.conversationId];
      delete s.attachments[a.meta.arg.originalArgs.conversationId];
    });
  },
});

export const envelopeFor = (state: { emailDrafts: EmailDraftState }, conversationId: number): EmailEnvelope =>
  state.emailDrafts.envelopes[conversationId] ?? emptyEnvelope;
const noAttachments: readonly PickedAttachment[] = [];
export const attachmentsFor = (state: { emailDrafts: EmailDraftState }, conversationId: number): readonly PickedAttachment[] =>
  state.emailDrafts.attachments[conversationId] ?? noAttachments;

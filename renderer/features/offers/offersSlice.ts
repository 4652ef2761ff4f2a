import { createEntityAdapter, createSlice } from '@reduxjs/toolkit';
import type { HubEventPayload, Offer } from '../../../services/contracts';
import { hubApi } from '../../app/api';
import { hubConnected, pushed } from '../../app/hubActions';
import { signedOut } from '../session/sessionSlice';

const offers = createEntityAdapter<Offer, string>({
  selectId: (o) => o.offerId,
  sortComparer: (a, b) => a.expiresAt - b.expiresAt,
});

export type OffersState = ReturnType<typeof offers.getInitialState> & {
  /** The last offer taken away, so the toast area can say why it vanished. */
  lastRevoked: (HubEventPayload<'offer/revoked'> & { customer: string }) | null;
};

const initialState: OffersState = { ...offers.getInitialState(), lastRevoked: null };

export const offersSlice = createSlice({
  name: 'offers',
  initialState,
  reducers: {},
  extraReducers: (b) => {
    b.addCase(pushed['offer/new'], (s, a) => {
      offers.upsertOne(s, a.payload);
      s.lastRevoked = null;
    });
    b.addCase(pushed['offer/revoked'], (s, a) => {
      const offer = s.entities[a.payload.offerId];
      if (!offer) return;
      offers.removeOne(s, a.payload.offerId);
      // Rejecting it ourselves needs no explanation.
      if (a.payload.reason !== 'rejected') s.lastRevoked = { ...a.payload, customer: offer.customer.displayName };
    });
    // The hub re-sends every open offer on (re)connection; stale ones must not linger.
    b.addCase(hubConnected, () => initialState);
    b.addCase(signedOut, () => initialState);
    b.addMatcher(hubApi.endpoints.acceptOffer.matchFulfilled, (s, a) => {
      offers.removeOne(s, a.meta.arg.originalArgs.offerId);
    });
    b.addMatcher(hubApi.endpoints.acceptOffer.matchRejected, (s, a) => {
      // conflict: expired or taken meanwhile; the hub will also send offer/revoked.
      if (a.payload?.code === 'conflict') offers.removeOne(s, a.meta.arg.originalArgs.offerId);
    });
    b.addMatcher(hubApi.endpoints.rejectOffer.matchFulfilled, (s, a) => {
      offers.removeOne(s, a.meta.arg.originalArgs.offerId);
    });
  },
});

export const offerSelectors = offers.getSelectors((state: { offers: OffersState }) => state.offers);

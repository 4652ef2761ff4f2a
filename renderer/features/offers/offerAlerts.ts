import type { ListenerMiddlewareInstance } from '@reduxjs/toolkit';
import { pushed } from '../../app/hubActions';
import type { AppDispatch, RootState } from '../../app/store';
import { channelLabel } from '../../common/ChannelBadge';
import { notifyDesktop, playOfferChime } from '../../common/desktopBridge';
import { i18n } from '../../i18n';

export type OfferAlertSinks = Readonly<{ chime: () => void; notify: typeof notifyDesktop }>;

/** A new offer rings and raises a desktop notification (native through the preload in Electron). */
export function registerOfferAlerts(
  listener: ListenerMiddlewareInstance<RootState, AppDispatch>,
  sinks: OfferAlertSinks = { chime: playOfferChime, notify: notifyDesktop },
): void {
  listener.startListening({
    actionCreator: pushed['offer/new'],
    effect: (action, api) => {
      // The hub re-sends open offers after a reconnection; ring only for ones we have not seen.
      const known = api.getOriginalState().offers.ids.includes(action.payload.offerId);
      if (known) return;
      const offer = action.payload;
      sinks.chime();
      sinks.notify({
        title: i18n.t('notification', { ns: 'offers', channel: channelLabel(offer.channel), customer: offer.customer.displayName }),
        body: offer.subject ?? offer.preview.slice(0, 140),
        tag: offer.offerId,
      });
    },
  });
}

import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { errorText } from '../../../app/api';
import { useAppDispatch, useAppSelector, useHubReady } from '../../../app/hooks';
import { useT } from '../../../i18n';
import { channelApi, useTelephonyStatusQuery, useVoiceSettingsQuery } from '../../channels/channelApi';
import { AudioSettings } from './AudioSettings';
import { CallStrip } from './CallStrip';
import { SoftphoneController } from './controller';
import { twilioDevice, type DeviceFactory } from './device';
import { shouldAutoAnswer, type SoftphoneState } from './softphoneSlice';
import './softphone.css';

const SoftphoneContext = createContext<SoftphoneController | null>(null);

/** The desk's softphone controller (null while it is not running: no voice on the hub, or a phone/SIP leg). */
export const useSoftphone = (): SoftphoneController | null => useContext(SoftphoneContext);
export const useSoftphoneState = (): SoftphoneState => useAppSelector((s) => s.softphone);

/**
 * Runs the softphone for the signed-in desk (agents and supervisors alike): started once the hub says voice
 * works and the agent's leg is the softphone, stopped on sign-out. Answers by itself when the ring is the
 * call the agent just accepted (or auto-answer is on); otherwise shows the ring with Answer / Decline.
 */
export function SoftphoneHost({ children, factory = twilioDevice }: Readonly<{ children: ReactNode; factory?: DeviceFactory }>) {
  const dispatch = useAppDispatch();
  const ready = useHubReady();
  const telephony = useTelephonyStatusQuery(undefined, { skip: !ready });
  const voiceOk = telephony.data?.voice.ok === true;
  const settings = useVoiceSettingsQuery(undefined, { skip: !ready || !voiceOk });
  const wanted = voiceOk && settings.data?.leg === 'softphone';
  const [controller, setController] = useState<SoftphoneController | null>(null);

  useEffect(() => {
    if (!wanted) return;
    const fetchToken = () => dispatch(channelApi.endpoints.voiceToken.initiate({})).unwrap();
    const c = new SoftphoneController(dispatch, fetchToken, factory);
    setController(c);
    void c.start();
    return () => {
      c.stop();
      setController(null);
    };
    // Started once per desk: a reconnect of the hub link keeps the device (it has its own connection).
  }, [wanted, dispatch, factory]);

  const state = useSoftphoneState();
  useEffect(() => {
    if (controller && shouldAutoAnswer(state, Date.now())) controller.answer();
  }, [controller, state]);

  return (
    <SoftphoneContext.Provider value={controller}>
      {children}
      {controller && <IncomingRing controller={controller} state={state} />}
    </SoftphoneContext.Provider>
  );
}

function IncomingRing({ controller, state }: Readonly<{ controller: SoftphoneController; state: SoftphoneState }>) {
  const { t } = useT('telephony/softphone');
  if (state.call?.status !== 'ringing' || shouldAutoAnswer(state, Date.now())) return null;
  return (
    <section className="phone-ring" role="alertdialog" aria-labelledby="phone-ring-title">
      <h2 id="phone-ring-title" className="phone-ring-title">
        {t('ring.title')}
      </h2>
      <p className="muted small">{state.call.from.startsWith('client:') ? t('ring.fromHub') : state.call.from || t('ring.fromHub')}</p>
      <div className="phone-ring-actions">
        <button type="button" className="btn btn-accept" onClick={() => controller.answer()}>
          {t('ring.answer')}
        </button>
        <button type="button" className="btn" onClick={() => controller.decline()}>
          {t('ring.decline')}
        </button>
      </div>
    </section>
  );
}

/**
 * The top bar's softphone: readiness (opening the audio and call settings) or, while it carries a call, the
 * call strip (microphone, tones, leave), so it is at hand in every view without covering any of them.
 */
export function SoftphoneStatus() {
  const [open, setOpen] = useState(false);
  const controller = useSoftphone();
  const state = useSoftphoneState();
  const onCall = controller !== null && state.call !== null && state.call.status !== 'ringing';
  return (
    <>
      {onCall ? <CallStrip controller={controller} state={state} /> : <SoftphoneBadge onOpenSettings={() => setOpen(true)} />}
      {open && <AudioSettings onClose={() => setOpen(false)} />}
    </>
  );
}

/** Softphone readiness in a few words. */
function SoftphoneBadge({ onOpenSettings }: Readonly<{ onOpenSettings: () => void }>) {
  const { t } = useT('telephony/softphone');
  const ready = useHubReady();
  const telephony = useTelephonyStatusQuery(undefined, { skip: !ready });
  const settings = useVoiceSettingsQuery(undefined, { skip: !ready || telephony.data?.voice.ok !== true });
  const { device } = useSoftphoneState();
  if (!telephony.data?.voice.ok) return null;
  const leg = settings.data;
  const [tone, text] =
    leg && leg.leg !== 'softphone'
      ? (['ok', t('badge.ringsAddress', { address: leg.address })] as const)
      : device.status === 'registered'
        ? (['ok', t('badge.ready')] as const)
        : device.status === 'failed'
          ? (['bad', t('badge.off', { detail: device.detail ?? t('badge.notStarted') })] as const)
          : device.status === 'unregistered'
            ? (['warn', t('badge.reconnecting')] as const)
            : (['warn', t('badge.starting')] as const);
  return (
    <button type="button" className={`btn btn-ghost phone-badge phone-badge-${tone}`} onClick={onOpenSettings} title={t('settings.title')}>
      <span className="phone-dot" aria-hidden="true" />
      <span className="phone-badge-text">{text}</span>
      {settings.error ? <span className="visually-hidden">{errorText(settings.error)}</span> : null}
    </button>
  );
}

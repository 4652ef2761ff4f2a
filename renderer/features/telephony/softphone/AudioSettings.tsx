import { useEffect, useRef, useState } from 'react';
import type { VoiceSettings } from '../../../../services/contracts';
import { errorText } from '../../../app/api';
import { useHubReady } from '../../../app/hooks';
import { Dialog, DialogFooter } from '../../../common/Dialog';
import { useT } from '../../../i18n';
import { useVoiceSettingsQuery, useVoiceSettingsSetMutation } from '../../channels/channelApi';
import { useSoftphone, useSoftphoneState } from './SoftphoneHost';

type Leg = VoiceSettings['leg'];

/** The device id the browser gives its system default. */
const DEFAULT_DEVICE = 'default';

/**
 * Microphone and speaker for the softphone, a check of both (a live level meter from the chosen
 * microphone, a test tone on the chosen speaker), and how calls reach the agent: this computer's
 * softphone, or a phone / SIP address the conference dials instead; plus auto-answer.
 */
export function AudioSettings({ onClose }: Readonly<{ onClose: () => void }>) {
  const { t } = useT('telephony/softphone');
  const ready = useHubReady();
  const softphone = useSoftphone();
  const state = useSoftphoneState();
  const settings = useVoiceSettingsQuery(undefined, { skip: !ready });
  const [save, saveState] = useVoiceSettingsSetMutation();
  const [leg, setLeg] = useState<Leg>('softphone');
  const [address, setAddress] = useState('');
  const [autoAnswer, setAutoAnswer] = useState(false);
  const [loaded, setLoaded] = useState(false);
  useEffect(() => {
    if (!settings.data || loaded) return;
    setLeg(settings.data.leg);
    setAddress(settings.data.leg === 'softphone' ? '' : settings.data.address);
    setAutoAnswer(settings.data.autoAnswer);
    setLoaded(true);
  }, [settings.data, loaded]);

  const submit = async (): Promise<void> => {
    const next: VoiceSettings = leg === 'softphone' ? { leg, autoAnswer } : { leg, address: address.trim(), autoAnswer };
    const result = await save({ settings: next });
    if (!('error' in result)) onClose();
  };
  const addressMissing = leg !== 'softphone' && address.trim() === '';

  return (
    <Dialog title={t('settings.title')} onClose={onClose}>
      <form
        className="dialog-body audio-settings"
        onSubmit={(e) => {
          e.preventDefault();
          if (!addressMissing) void submit();
        }}
      >
        <fieldset className="segmented">
          <legend>{t('settings.callsRing')}</legend>
          <label>
            <input type="radio" name="as-leg" checked={leg === 'softphone'} onChange={() => setLeg('softphone')} />{' '}
            {t('settings.thisComputer')}
          </label>
          <label>
            <input type="radio" name="as-leg" checked={leg === 'phone'} onChange={() => setLeg('phone')} /> {t('settings.aPhone')}
          </label>
          <label>
            <input type="radio" name="as-leg" checked={leg === 'sip'} onChange={() => setLeg('sip')} /> {t('settings.aSip')}
          </label>
        </fieldset>
        {leg !== 'softphone' && (
          <label>
            {leg === 'phone' ? t('settings.phoneToRing') : t('settings.sipToRing')}
            <input
              value={address}
              inputMode={leg === 'phone' ? 'tel' : 'text'}
              placeholder={leg === 'phone' ? t('settings.phoneExample') : t('settings.sipExample')}
              onChange={(e) => setAddress(e.target.value)}
              aria-invalid={addressMissing}
            />
          </label>
        )}
        <label className="check">
          <input type="checkbox" checked={autoAnswer} onChange={(e) => setAutoAnswer(e.target.checked)} disabled={leg !== 'softphone'} />
          {t('settings.autoAnswer')}
        </label>

        {leg === 'softphone' && (
          <>
            <label>
              {t('settings.microphone')}
              <select value={state.inputId} disabled={!softphone} onChange={(e) => void softphone?.chooseInput(e.target.value)}>
                {state.inputs.length === 0 && <option value={DEFAULT_DEVICE}>{t('systemDefault')}</option>}
                {state.inputs.map((d) => (
                  <option key={d.id} value={d.id}>
                    {d.label}
                  </option>
                ))}
              </select>
            </label>
            <MicMeter deviceId={state.inputId} />
            <label>
              {t('settings.speaker')}
              <select
                value={state.outputId}
                disabled={!softphone || !state.outputSelectable}
                onChange={(e) => void softphone?.chooseOutput(e.target.value)}
              >
                {state.outputs.length === 0 && <option value={DEFAULT_DEVICE}>{t('systemDefault')}</option>}
                {state.outputs.map((d) => (
                  <option key={d.id} value={d.id}>
                    {d.label}
                  </option>
                ))}
              </select>
            </label>
            {!state.outputSelectable && <p className="muted small">{t('settings.defaultSpeakerOnly')}</p>}
            <SpeakerTest deviceId={state.outputId} />
          </>
        )}
        <DialogFooter
          error={saveState.error ? errorText(saveState.error) : settings.error ? errorText(settings.error) : null}
          onCancel={onClose}
          submitLabel={t('settings.save')}
          disabled={!ready || !loaded || addressMissing || saveState.isLoading}
        />
      </form>
    </Dialog>
  );
}

/** A live level from the chosen microphone while the dialog is open: the audio check before a call. */
function MicMeter({ deviceId }: Readonly<{ deviceId: string }>) {
  const { t } = useT('telephony/softphone');
  const [level, setLevel] = useState(0);
  const [problem, setProblem] = useState<string | null>(null);
  const peak = useRef(0);
  useEffect(() => {
    let stopped = false;
    let stream: MediaStream | null = null;
    let context: AudioContext | null = null;
    let frame = 0;
    const run = async (): Promise<void> => {
      try {
        stream = await navigator.mediaDevices.getUserMedia({
          audio: deviceId === DEFAULT_DEVICE ? true : { deviceId: { exact: deviceId } },
        });
        if (stopped) return;
        context = new AudioContext();
        const analyser = context.createAnalyser();
        analyser.fftSize = 512;
        context.createMediaStreamSource(stream).connect(analyser);
        const samples = new Float32Array(analyser.fftSize);
        const tick = (): void => {
          analyser.getFloatTimeDomainData(samples);
          let sum = 0;
          for (const v of samples) sum += v * v;
          const rms = Math.sqrt(sum / samples.length);
          peak.current = Math.max(peak.current * 0.9, Math.min(1, rms * 4));
          setLevel(peak.current);
          frame = requestAnimationFrame(tick);
        };
        tick();
        setProblem(null);
      } catch (error) {
        setProblem((error as { name?: string }).name === 'NotAllowedError' ? t('mic.blocked') : t('mic.none'));
      }
    };
    void run();
    return () => {
      stopped = true;
      cancelAnimationFrame(frame);
      stream?.getTracks().forEach((t) => t.stop());
      void context?.close();
    };
    // The problem's words are chosen when it happens: a change of language does not restart the microphone.
  }, [deviceId]);
  return (
    <div className="mic-check">
      <span className="small">{t('mic.check')}</span>
      <div
        className="meter"
        role="meter"
        aria-label={t('mic.level')}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(level * 100)}
      >
        <span style={{ width: `${Math.round(level * 100)}%` }} />
      </div>
      {problem && (
        <p className="inline-error small" role="alert">
          {problem}
        </p>
      )}
    </div>
  );
}

/** One second of a 440 Hz tone (state: idle, playing, done, or what went wrong) on the chosen speaker (no sound file: works with no network). */
function SpeakerTest({ deviceId }: Readonly<{ deviceId: string }>) {
  const { t } = useT('telephony/softphone');
  const [state, setState] = useState<'idle' | 'playing' | 'done' | 'failed'>('idle');
  const play = async (): Promise<void> => {
    setState('playing');
    try {
      const context = new AudioContext();
      const destination = context.createMediaStreamDestination();
      const tone = context.createOscillator();
      const gain = context.createGain();
      gain.gain.value = 0.2;
      tone.frequency.value = 440;
      tone.connect(gain).connect(destination);
      const audio = new Audio();
      audio.srcObject = destination.stream;
      const sinkable = audio as HTMLAudioElement & { setSinkId?: (id: string) => Promise<void> };
      if (deviceId !== DEFAULT_DEVICE && sinkable.setSinkId) await sinkable.setSinkId(deviceId);
      tone.start();
      await audio.play();
      await new Promise((r) => setTimeout(r, 1000));
      tone.stop();
      audio.pause();
      await context.close();
      setState('done');
    } catch {
      setState('failed');
    }
  };
  return (
    <div className="speaker-check">
      <button type="button" className="btn btn-small" disabled={state === 'playing'} onClick={() => void play()}>
        {state === 'playing' ? t('speaker.playing') : t('speaker.play')}
      </button>
      <span className="small muted" role="status">
        {state === 'done' ? t('speaker.heard') : state === 'failed' ? t('speaker.failed') : ''}
      </span>
    </div>
  );
}

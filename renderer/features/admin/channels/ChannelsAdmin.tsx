import { useState } from 'react';
import type { SectionView, SettingsSection } from '../../../../services/contracts';
import { errorText } from '../../../app/api';
import { useHubReady } from '../../../app/hooks';
import { EmailSettings } from './EmailSettings';
import { useChannelSettingsQuery } from './settingsApi';
import { TwilioSettings } from './TwilioSettings';
import { WebchatSettings } from './WebchatSettings';
import './channels.css';

const TABS: ReadonlyArray<{ section: SettingsSection; label: string }> = [
  { section: 'email', label: 'Email' },
  { section: 'twilio', label: 'Phone and SMS' },
  { section: 'webchat', label: 'Web chat' },
];

/** While a channel is connecting or failing, its status is read again every few seconds. */
const RECHECK_MS = 3000;

/**
 * Admin console > Channels: email mailboxes and SMTP, the Twilio account and numbers, web chat and its
 * embed snippet. Saved settings live in the hub database and apply at once; secrets are write-only.
 */
export function ChannelsAdmin() {
  const ready = useHubReady();
  const [tab, setTab] = useState<SettingsSection>('email');
  const [recheck, setRecheck] = useState(false);
  const { data, error, isLoading } = useChannelSettingsQuery(undefined, { skip: !ready, pollingInterval: recheck ? RECHECK_MS : 0 });
  const unsettled = data?.sections.some((s) => s.running && !s.ok) ?? false;
  if (unsettled !== recheck) setRecheck(unsettled);

  if (error)
    return (
      <div className="ch-page">
        <p className="ch-inner ch-problems">Could not load the channel settings: {errorText(error)}</p>
      </div>
    );
  if (isLoading || !data)
    return (
      <div className="ch-page">
        <p className="ch-inner empty">Loading the channel settings…</p>
      </div>
    );
  const view = (section: SettingsSection): SectionView => data.sections.find((s) => s.section === section) ?? emptyView(section);

  return (
    <div className="ch-page">
      <div className="ch-inner">
        <header className="ch-page-head">
          <h1>Channels</h1>
          <p className="ch-intro">Set up how customers reach you. Changes apply as soon as they are saved; no restart needed.</p>
        </header>
        <div className="ch-tabs" role="tablist" aria-label="Channels">
          {TABS.map((t) => {
            const v = view(t.section);
            const tone = !v.running ? 'off' : v.ok ? 'ok' : 'bad';
            return (
              <button
                key={t.section}
                type="button"
                role="tab"
                id={`ch-tab-${t.section}`}
                aria-selected={tab === t.section}
                aria-controls={`ch-panel-${t.section}`}
                className={`ch-tab${tab === t.section ? ' ch-tab-on' : ''}`}
                onClick={() => setTab(t.section)}
              >
                <span className={`ch-dot ch-dot-${tone}`} aria-hidden="true" />
                {t.label}
              </button>
            );
          })}
        </div>
        <div role="tabpanel" id={`ch-panel-${tab}`} aria-labelledby={`ch-tab-${tab}`}>
          {tab === 'email' && <EmailSettings view={view('email')} queues={data.queues} />}
          {tab === 'twilio' && <TwilioSettings view={view('twilio')} queues={data.queues} publicUrl={data.publicUrl} />}
          {tab === 'webchat' && <WebchatSettings view={view('webchat')} queues={data.queues} publicUrl={data.publicUrl} />}
        </div>
      </div>
    </div>
  );
}

const emptyView = (section: SettingsSection): SectionView => ({
  section,
  source: 'none',
  value: null,
  running: false,
  ok: false,
  detail: 'Not set up yet',
  updatedAt: null,
  updatedBy: null,
});

import { useState } from 'react';
import type { SectionView, SettingsSection } from '../../../../services/contracts';
import { errorText } from '../../../app/api';
import { useHubReady } from '../../../app/hooks';
import { EmailSettings } from './EmailSettings';
import { useChannelSettingsQuery } from './settingsApi';
import { TwilioSettings } from './TwilioSettings';
import { WebchatSettings } from './WebchatSettings';
import { i18n, useT } from '../../../i18n';
import './channels.css';

/** The channel tabs in order; each one's name is the catalogue's `tab.<section>`. */
const TABS: readonly SettingsSection[] = ['email', 'twilio', 'webchat'];

/** A channel's dot: off, connected or failing (a CSS class suffix, not words). */
const toneOf = (v: SectionView): 'off' | 'ok' | 'bad' => (!v.running ? 'off' : v.ok ? 'ok' : 'bad');

/** While a channel is connecting or failing, its status is read again every few seconds. */
const RECHECK_MS = 3000;

/**
 * Admin console > Channels: email mailboxes and SMTP, the Twilio account and numbers, web chat and its
 * embed snippet. Saved settings live in the hub database and apply at once; secrets are write-only.
 */
export function ChannelsAdmin() {
  const ready = useHubReady();
  const { t } = useT('admin/channels');
  const [tab, setTab] = useState<SettingsSection>('email');
  const [recheck, setRecheck] = useState(false);
  const { data, error, isLoading } = useChannelSettingsQuery(undefined, { skip: !ready, pollingInterval: recheck ? RECHECK_MS : 0 });
  const unsettled = data?.sections.some((s) => s.running && !s.ok) ?? false;
  if (unsettled !== recheck) setRecheck(unsettled);

  if (error)
    return (
      <div className="ch-page">
        <p className="ch-inner ch-problems">{t('page.loadFailed', { error: errorText(error) })}</p>
      </div>
    );
  if (isLoading || !data)
    return (
      <div className="ch-page">
        <p className="ch-inner empty">{t('page.loading')}</p>
      </div>
    );
  const view = (section: SettingsSection): SectionView => data.sections.find((s) => s.section === section) ?? emptyView(section);

  return (
    <div className="ch-page">
      <div className="ch-inner">
        <header className="ch-page-head">
          <h1>{t('page.title')}</h1>
          <p className="ch-intro">{t('page.intro')}</p>
        </header>
        <div className="ch-tabs" role="tablist" aria-label={t('page.title')}>
          {TABS.map((section) => {
            const v = view(section);
            const tone = toneOf(v);
            return (
              <button
                key={section}
                type="button"
                role="tab"
                id={`ch-tab-${section}`}
                aria-selected={tab === section}
                aria-controls={`ch-panel-${section}`}
                className={`ch-tab${tab === section ? ' ch-tab-on' : ''}`}
                onClick={() => setTab(section)}
              >
                <span className={`ch-dot ch-dot-${tone}`} aria-hidden="true" />
                {t(`tab.${section}`)}
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
  detail: i18n.t('page.notSetUpYet', { ns: 'admin/channels' }),
  updatedAt: null,
  updatedBy: null,
});

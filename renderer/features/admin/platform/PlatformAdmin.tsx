import { useState } from 'react';
import { ApiKeysPanel } from './ApiKeysPanel';
import { DataRightsPanel } from './DataRightsPanel';
import { ExportsPanel } from './ExportsPanel';
import { WebhooksPanel } from './WebhooksPanel';
import { useT } from '../../../i18n';
import './platform.css';

/** The tabs in order; each one's name is the catalogue's `tab.<id>`. */
const tabs = [{ id: 'keys' }, { id: 'webhooks' }, { id: 'exports' }, { id: 'rights' }] as const;
type Tab = (typeof tabs)[number]['id'];

/**
 * The admin console's Platform tab: API keys, webhooks, exports and customer data rights. Every action
 * is an admin command checked on the hub; secrets are shown once and never kept in the UI.
 */
export function PlatformAdmin() {
  const [tab, setTab] = useState<Tab>('keys');
  const { t } = useT('admin/platform');
  return (
    <div className="pa-root">
      <div className="pa-tabs" role="tablist" aria-label={t('tab.label')}>
        {tabs.map(({ id }) => (
          <button
            key={id}
            type="button"
            role="tab"
            id={`pa-tab-${id}`}
            aria-selected={tab === id}
            aria-controls={`pa-pane-${id}`}
            className={`pa-tab${tab === id ? ' pa-tab-active' : ''}`}
            onClick={() => setTab(id)}
          >
            {t(`tab.${id}`)}
          </button>
        ))}
        <a className="pa-docs small" href="/api/v1/docs" target="_blank" rel="noreferrer">
          {t('tab.docs')}
        </a>
      </div>
      <div className="pa-pane" role="tabpanel" id={`pa-pane-${tab}`} aria-labelledby={`pa-tab-${tab}`}>
        {tab === 'keys' && <ApiKeysPanel />}
        {tab === 'webhooks' && <WebhooksPanel />}
        {tab === 'exports' && <ExportsPanel />}
        {tab === 'rights' && <DataRightsPanel />}
      </div>
    </div>
  );
}

import { useState } from 'react';
import { ApiKeysPanel } from './ApiKeysPanel';
import { DataRightsPanel } from './DataRightsPanel';
import { ExportsPanel } from './ExportsPanel';
import { WebhooksPanel } from './WebhooksPanel';
import './platform.css';

const tabs = [
  { id: 'keys', label: 'API keys' },
  { id: 'webhooks', label: 'Webhooks' },
  { id: 'exports', label: 'Exports' },
  { id: 'rights', label: 'Data rights' },
] as const;
type Tab = (typeof tabs)[number]['id'];

/**
 * The admin console's Platform tab: API keys, webhooks, exports and customer data rights. Every action
 * is an admin command checked on the hub; secrets are shown once and never kept in the UI.
 */
export function PlatformAdmin() {
  const [tab, setTab] = useState<Tab>('keys');
  return (
    <div className="pa-root">
      <div className="pa-tabs" role="tablist" aria-label="Platform">
        {tabs.map((t) => (
          <button
            key={t.id}
            type="button"
            role="tab"
            id={`pa-tab-${t.id}`}
            aria-selected={tab === t.id}
            aria-controls={`pa-pane-${t.id}`}
            className={`pa-tab${tab === t.id ? ' pa-tab-active' : ''}`}
            onClick={() => setTab(t.id)}
          >
            {t.label}
          </button>
        ))}
        <a className="pa-docs small" href="/api/v1/docs" target="_blank" rel="noreferrer">
          API reference
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

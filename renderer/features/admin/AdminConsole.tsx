import { Brand } from '../../common/Brand';
import { useRef, useState, type KeyboardEvent } from 'react';
import { ConnectionBanner } from '../../app/ConnectionBanner';
import { useAppDispatch } from '../../app/hooks';
import { AccountMenu } from '../account/AccountMenu';
import { signOut } from '../session/sessionSlice';
import { AgentsAdmin } from './agents/AgentsAdmin';
import { AuditLog } from './audit/AuditLog';
import { ChannelsAdmin } from './channels/ChannelsAdmin';
import { QueuesAdmin } from './queues/QueuesAdmin';
import { PlatformAdmin } from './platform/PlatformAdmin';
import { useT } from '../../i18n';
import './admin.css';

/** The tabs in order; each one's name is the catalogue's `tab.<id>`. */
const tabs = [{ id: 'agents' }, { id: 'queues' }, { id: 'channels' }, { id: 'platform' }, { id: 'audit' }] as const;
type TabId = (typeof tabs)[number]['id'];

function TabPanel({ tab }: Readonly<{ tab: TabId }>) {
  switch (tab) {
    case 'agents':
      return <AgentsAdmin />;
    case 'queues':
      return <QueuesAdmin />;
    case 'channels':
      return <ChannelsAdmin />;
    case 'platform':
      return <PlatformAdmin />;
    case 'audit':
      return <AuditLog />;
  }
}

/**
 * The admin console (administrators only; the hub checks every admin command itself): agents, queues,
 * channels and the audit log, one tab each. Reached from the supervisor console's header and left the same way.
 */
export function AdminConsole({ onBack }: Readonly<{ onBack: () => void }>) {
  const dispatch = useAppDispatch();
  const { t } = useT('admin');
  const [active, setActive] = useState<TabId>('agents');
  const tabRefs = useRef(new Map<TabId, HTMLButtonElement>());

  // Arrow keys move between tabs (the ARIA tabs pattern); Tab goes on into the panel.
  const onTabKey = (event: KeyboardEvent): void => {
    const index = tabs.findIndex((tab) => tab.id === active);
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (step === 0) return;
    event.preventDefault();
    const next = tabs[(index + step + tabs.length) % tabs.length]!.id;
    setActive(next);
    tabRefs.current.get(next)?.focus();
  };

  return (
    <div className="desk adm-console">
      <header className="topbar">
        <Brand />
        <h1 className="adm-title">{t('console.title')}</h1>
        <div className="topbar-right">
          <button type="button" className="btn" onClick={onBack}>
            {t('console.supervisor')}
          </button>
          <AccountMenu />
          <button type="button" className="btn btn-ghost" onClick={() => void dispatch(signOut())}>
            {t('console.signOut')}
          </button>
        </div>
      </header>
      <ConnectionBanner />
      <div className="adm-tabs" role="tablist" aria-label={t('console.sections')} onKeyDown={onTabKey}>
        {tabs.map((tab) => (
          <button
            key={tab.id}
            ref={(el) => {
              if (el) tabRefs.current.set(tab.id, el);
            }}
            type="button"
            role="tab"
            id={`adm-tab-${tab.id}`}
            aria-selected={active === tab.id}
            aria-controls={`adm-panel-${tab.id}`}
            tabIndex={active === tab.id ? 0 : -1}
            className="adm-tab"
            onClick={() => setActive(tab.id)}
          >
            {t(`tab.${tab.id}`)}
          </button>
        ))}
      </div>
      <main className="adm-body" role="tabpanel" id={`adm-panel-${active}`} aria-labelledby={`adm-tab-${active}`}>
        <TabPanel tab={active} />
      </main>
    </div>
  );
}

import { Brand } from '../../common/Brand';
import { useState, type ReactNode } from 'react';
import { useQueueListQuery } from '../../app/api';
import { ConnectionBanner } from '../../app/ConnectionBanner';
import { SoftphoneStatus } from '../telephony/softphone/SoftphoneHost';
import { useAppDispatch, useAppSelector, useHubReady } from '../../app/hooks';
import { AccountMenu } from '../account/AccountMenu';
import { AdminConsole } from '../admin/AdminConsole';
import { signOut } from '../session/sessionSlice';
import { TopicsBoard } from '../voc/TopicsBoard';
import { AgentGrid, type AgentRow } from './AgentGrid';
import { ConversationControl } from './ConversationControl';
import { MonitorPanel } from './MonitorPanel';
import { QueueBoard } from './QueueBoard';
import { ChannelsOff } from '../channels/ChannelsOff';
import { useMetricsLiveQuery, useSupervisorAgentsQuery } from './supervisionApi';
import { ReportsView } from '../reports/ReportsView';
import { AnswersButton } from '../answers/AnswersButton';
import { ImportScreen } from '../customers/import/ImportScreen';
import { useT } from '../../i18n';
import './supervision.css';

/** Supervisors land on the console and can switch to the agent desk (`desk`) and back; admins also to the admin console. */
export function SupervisorHome({ desk }: Readonly<{ desk: ReactNode }>) {
  const [view, setView] = useState<'console' | 'desk' | 'admin'>('console');
  const isAdmin = useAppSelector((s) => s.session.session?.agent.role === 'admin');
  const { t } = useT('supervision');
  if (view === 'admin' && isAdmin) return <AdminConsole onBack={() => setView('console')} />;
  if (view === 'desk') {
    return (
      <>
        {desk}
        <button type="button" className="btn btn-primary sv-switch" onClick={() => setView('console')}>
          {t('console.title')}
        </button>
      </>
    );
  }
  return <SupervisorConsole onDesk={() => setView('desk')} onAdmin={isAdmin ? () => setView('admin') : undefined} />;
}

const noRows: readonly AgentRow[] = [];
const consoleViews = ['live', 'topics', 'reports', 'import'] as const;

export function SupervisorConsole({ onDesk, onAdmin }: Readonly<{ onDesk: () => void; onAdmin?: () => void }>) {
  const dispatch = useAppDispatch();
  const { t } = useT('supervision');
  const ready = useHubReady();
  const board = useAppSelector((s) => s.supervision.board);
  // The first board is pulled; after that every committed event pushes a fresh one ('metrics/live').
  useMetricsLiveQuery(undefined, { skip: !ready });
  // Pulled once; pushes patch it in place (supervisionPatches.ts).
  const rows = useSupervisorAgentsQuery(undefined, { skip: !ready }).data ?? noRows;
  const queues = useQueueListQuery(undefined, { skip: !ready }).data ?? [];
  const [monitoring, setMonitoring] = useState<number | null>(null);
  const [controlling, setControlling] = useState<number | null>(null);
  // Live (queues and agents), Topics (what customers are talking about), Reports (history), Import customers.
  const [tab, setTab] = useState<'live' | 'topics' | 'reports' | 'import'>('live');
  const [importOpened, setImportOpened] = useState(false);

  return (
    <div className="desk sv-console">
      <header className="topbar">
        <Brand />
        <h1 className="sv-title">{t('console.title')}</h1>
        <nav className="sv-tabs" aria-label={t('console.views')}>
          {consoleViews.map((view) => (
            <button
              key={view}
              type="button"
              className={`tab${tab === view ? ' active' : ''}`}
              aria-current={tab === view}
              onClick={() => {
                setTab(view);
                if (view === 'import') setImportOpened(true);
              }}
            >
              {t(`console.tab.${view}`)}
            </button>
          ))}
        </nav>
        <div className="topbar-right">
          <SoftphoneStatus />
          {onAdmin && (
            <button type="button" className="btn" onClick={onAdmin}>
              {t('console.admin')}
            </button>
          )}
          <button type="button" className="btn" onClick={onDesk}>
            {t('console.desk')}
          </button>
          <AnswersButton />
          <AccountMenu />
          <button type="button" className="btn btn-ghost" onClick={() => void dispatch(signOut())}>
            {t('console.signOut')}
          </button>
        </div>
      </header>
      <ConnectionBanner />
      {/* Kept mounted once opened: a running import's progress and report survive a look at the live board. */}
      {importOpened && (
        <main className="sv-body" style={tab === 'import' ? undefined : { display: 'none' }}>
          <ImportScreen />
        </main>
      )}
      {tab === 'topics' && (
        <main className="sv-body">
          <TopicsBoard
            queues={board?.queues.map((q) => ({ queueId: q.queueId, name: q.name })) ?? []}
            onOpenConversation={(id) => {
              setMonitoring(id);
              setTab('live');
            }}
          />
        </main>
      )}
      {tab === 'reports' && (
        <main className="sv-body">
          <ReportsView />
        </main>
      )}
      {/* Kept mounted while Topics or Reports shows (its monitor and controls keep their state). */}
      <main className="sv-body" style={tab === 'live' ? undefined : { display: 'none' }}>
        {board ? <QueueBoard board={board} /> : <p className="empty pad">{t('console.loading')}</p>}
        <ChannelsOff listed={[...new Set(queues.flatMap((q) => q.queue.channels))]} />
        <div className="sv-lower">
          <AgentGrid rows={rows} onMonitor={setMonitoring} onControl={(id) => setControlling(id)} />
          <div className="sv-side">
            {monitoring !== null && <MonitorPanel key={monitoring} conversationId={monitoring} onClose={() => setMonitoring(null)} />}
            <ConversationControl
              conversationId={controlling}
              queues={board?.queues.map((q) => ({ queueId: q.queueId, name: q.name })) ?? []}
              agents={rows}
              onMonitor={setMonitoring}
            />
          </div>
        </div>
      </main>
    </div>
  );
}

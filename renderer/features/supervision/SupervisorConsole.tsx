import { useState, type ReactNode } from 'react';
import { ConnectionBanner } from '../../app/ConnectionBanner';
import { useAppDispatch, useAppSelector, useHubReady } from '../../app/hooks';
import { AccountMenu } from '../account/AccountMenu';
import { AdminConsole } from '../admin/AdminConsole';
import { signOut } from '../session/sessionSlice';
import { AgentGrid, type AgentRow } from './AgentGrid';
import { ConversationControl } from './ConversationControl';
import { MonitorPanel } from './MonitorPanel';
import { QueueBoard } from './QueueBoard';
import { useMetricsLiveQuery, useSupervisorAgentsQuery } from './supervisionApi';
import { ReportsView } from '../reports/ReportsView';
import { ImportScreen } from '../customers/import/ImportScreen';
import './supervision.css';

/** Supervisors land on the console and can switch to the agent desk (`desk`) and back; admins also to the admin console. */
export function SupervisorHome({ desk }: Readonly<{ desk: ReactNode }>) {
  const [view, setView] = useState<'console' | 'desk' | 'admin'>('console');
  const isAdmin = useAppSelector((s) => s.session.session?.agent.role === 'admin');
  if (view === 'admin' && isAdmin) return <AdminConsole onBack={() => setView('console')} />;
  if (view === 'desk') {
    return (
      <>
        {desk}
        <button type="button" className="btn btn-primary sv-switch" onClick={() => setView('console')}>
          Supervisor console
        </button>
      </>
    );
  }
  return <SupervisorConsole onDesk={() => setView('desk')} onAdmin={isAdmin ? () => setView('admin') : undefined} />;
}

const noRows: readonly AgentRow[] = [];

export function SupervisorConsole({ onDesk, onAdmin }: Readonly<{ onDesk: () => void; onAdmin?: () => void }>) {
  const dispatch = useAppDispatch();
  const ready = useHubReady();
  const board = useAppSelector((s) => s.supervision.board);
  // The first board is pulled; after that every committed event pushes a fresh one ('metrics/live').
  useMetricsLiveQuery(undefined, { skip: !ready });
  // Pulled once; pushes patch it in place (supervisionPatches.ts).
  const rows = useSupervisorAgentsQuery(undefined, { skip: !ready }).data ?? noRows;
  const [monitoring, setMonitoring] = useState<number | null>(null);
  const [controlling, setControlling] = useState<number | null>(null);
  const [tab, setTab] = useState<'live' | 'reports' | 'import'>('live');
  const [importOpened, setImportOpened] = useState(false);

  return (
    <div className="desk sv-console">
      <header className="topbar">
        <div className="brand" aria-label="Switchboard">
          <span className="brand-mark" aria-hidden="true">
            S
          </span>
          Switchboard
        </div>
        <h1 className="sv-title">Supervisor console</h1>
        <nav className="sv-tabs" aria-label="Console views">
          <button
            type="button"
            className={`tab${tab === 'live' ? ' active' : ''}`}
            aria-current={tab === 'live'}
            onClick={() => setTab('live')}
          >
            Live
          </button>
          <button
            type="button"
            className={`tab${tab === 'reports' ? ' active' : ''}`}
            aria-current={tab === 'reports'}
            onClick={() => setTab('reports')}
          >
            Reports
          </button>
          <button
            type="button"
            className={`tab${tab === 'import' ? ' active' : ''}`}
            aria-current={tab === 'import'}
            onClick={() => {
              setTab('import');
              setImportOpened(true);
            }}
          >
            Import customers
          </button>
        </nav>
        <div className="topbar-right">
          {onAdmin && (
            <button type="button" className="btn" onClick={onAdmin}>
              Admin
            </button>
          )}
          <button type="button" className="btn" onClick={onDesk}>
            Agent desk
          </button>
          <AccountMenu />
          <button type="button" className="btn btn-ghost" onClick={() => void dispatch(signOut())}>
            Sign out
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
      {tab === 'import' ? null : tab === 'reports' ? (
        <main className="sv-body">
          <ReportsView />
        </main>
      ) : (
        <main className="sv-body">
          {board ? <QueueBoard board={board} /> : <p className="empty pad">Loading the board…</p>}
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
      )}
    </div>
  );
}

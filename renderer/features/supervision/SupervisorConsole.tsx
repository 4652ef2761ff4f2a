import { useState, type ReactNode } from 'react';
import { ConnectionBanner } from '../../app/ConnectionBanner';
import { useAppDispatch, useAppSelector, useHubReady } from '../../app/hooks';
import { signOut } from '../session/sessionSlice';
import { TopicsBoard } from '../voc/TopicsBoard';
import { AgentGrid, type AgentRow } from './AgentGrid';
import { ConversationControl } from './ConversationControl';
import { MonitorPanel } from './MonitorPanel';
import { QueueBoard } from './QueueBoard';
import { useMetricsLiveQuery, useSupervisorAgentsQuery } from './supervisionApi';
import './supervision.css';

/** Supervisors land on the console and can switch to the agent desk (`desk`) and back. */
export function SupervisorHome({ desk }: Readonly<{ desk: ReactNode }>) {
  const [view, setView] = useState<'console' | 'desk'>('console');
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
  return <SupervisorConsole onDesk={() => setView('desk')} />;
}

const noRows: readonly AgentRow[] = [];

export function SupervisorConsole({ onDesk }: Readonly<{ onDesk: () => void }>) {
  const dispatch = useAppDispatch();
  const ready = useHubReady();
  const session = useAppSelector((s) => s.session.session);
  const board = useAppSelector((s) => s.supervision.board);
  // The first board is pulled; after that every committed event pushes a fresh one ('metrics/live').
  useMetricsLiveQuery(undefined, { skip: !ready });
  // Pulled once; pushes patch it in place (supervisionPatches.ts).
  const rows = useSupervisorAgentsQuery(undefined, { skip: !ready }).data ?? noRows;
  const [monitoring, setMonitoring] = useState<number | null>(null);
  const [controlling, setControlling] = useState<number | null>(null);
  // Queues and agents (the console as it was) or what customers are talking about (voc/TopicsBoard).
  const [tab, setTab] = useState<'queues' | 'topics'>('queues');

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
          {(['queues', 'topics'] as const).map((t) => (
            <button
              key={t}
              type="button"
              className={`chip chip-button${tab === t ? ' chip-on' : ''}`}
              aria-pressed={tab === t}
              onClick={() => setTab(t)}
            >
              {t === 'queues' ? 'Queues and agents' : 'Topics'}
            </button>
          ))}
        </nav>
        <div className="topbar-right">
          <button type="button" className="btn" onClick={onDesk}>
            Agent desk
          </button>
          <span className="agent-name">{session?.agent.displayName}</span>
          <button type="button" className="btn btn-ghost" onClick={() => void dispatch(signOut())}>
            Sign out
          </button>
        </div>
      </header>
      <ConnectionBanner />
      {tab === 'topics' && (
        <main className="sv-body">
          <TopicsBoard
            queues={board?.queues.map((q) => ({ queueId: q.queueId, name: q.name })) ?? []}
            onOpenConversation={(id) => {
              setMonitoring(id);
              setTab('queues');
            }}
          />
        </main>
      )}
      {/* Kept mounted while Topics shows (its monitor and controls keep their state). */}
      <main className="sv-body" style={tab === 'queues' ? undefined : { display: 'none' }}>
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
    </div>
  );
}

import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { ConnectionBanner } from '../../app/ConnectionBanner';
import { useAppDispatch, useAppSelector, useHubReady } from '../../app/hooks';
import { signOut } from '../session/sessionSlice';
import { AgentGrid } from './AgentGrid';
import { ConversationControl } from './ConversationControl';
import { MonitorPanel } from './MonitorPanel';
import { QueueBoard } from './QueueBoard';
import { useMetricsLiveQuery, useSupervisorAgentsQuery } from './supervisionApi';
import './supervision.css';

const AGENTS_REFRESH_MS = 1000;

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

export function SupervisorConsole({ onDesk }: Readonly<{ onDesk: () => void }>) {
  const dispatch = useAppDispatch();
  const ready = useHubReady();
  const session = useAppSelector((s) => s.session.session);
  const board = useAppSelector((s) => s.supervisor.board);
  const pushedAgents = useAppSelector((s) => s.supervisor.agents);
  // The first board is pulled; after that every committed event pushes a fresh one ('metrics/live').
  useMetricsLiveQuery(undefined, { skip: !ready });
  const agents = useSupervisorAgentsQuery(undefined, { skip: !ready });
  const [monitoring, setMonitoring] = useState<number | null>(null);
  const [controlling, setControlling] = useState<number | null>(null);

  // Held conversations change with the events that push the board: refresh the grid with it, at most once a second.
  const lastRefresh = useRef(0);
  const { refetch } = agents;
  useEffect(() => {
    if (!board || !ready) return;
    const wait = lastRefresh.current + AGENTS_REFRESH_MS - Date.now();
    const timer = setTimeout(
      () => {
        lastRefresh.current = Date.now();
        void refetch();
      },
      Math.max(0, wait),
    );
    return () => clearTimeout(timer);
  }, [board, ready, refetch]);

  const rows = useMemo(
    () => (agents.data ?? []).map((row) => ({ ...row, agent: pushedAgents[row.agent.id] ?? row.agent })),
    [agents.data, pushedAgents],
  );

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
      <main className="sv-body">
        {board ? <QueueBoard board={board} /> : <p className="empty pad">Loading the board…</p>}
        <div className="sv-lower">
          <AgentGrid
            rows={rows}
            onMonitor={setMonitoring}
            onControl={(id) => setControlling(id)}
          />
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

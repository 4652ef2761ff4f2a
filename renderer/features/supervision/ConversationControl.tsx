import { useEffect, useState } from 'react';
import { errorText } from '../../app/api';
import { useHubReady } from '../../app/hooks';
import type { AgentRow } from './AgentGrid';
import { useMoveConversationMutation, useReassignMutation } from './supervisionApi';

type QueueOption = Readonly<{ queueId: string; name: string }>;

/**
 * Reassign to an agent, move to another queue, raise priority. Works on held conversations (picked from
 * the agent grid) and on waiting ones by number (priority applies to waiting contacts only).
 */
export function ConversationControl({
  conversationId,
  queues,
  agents,
  onMonitor,
}: Readonly<{
  conversationId: number | null;
  queues: readonly QueueOption[];
  agents: readonly AgentRow[];
  onMonitor: (id: number) => void;
}>) {
  const ready = useHubReady();
  const [id, setId] = useState(conversationId === null ? '' : String(conversationId));
  const [queueId, setQueueId] = useState('');
  const [agentId, setAgentId] = useState('');
  const [priority, setPriority] = useState('50');
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const [move] = useMoveConversationMutation();
  const [reassign] = useReassignMutation();
  useEffect(() => {
    if (conversationId !== null) setId(String(conversationId));
  }, [conversationId]);
  const target = Number(id);
  const valid = Number.isInteger(target) && target > 0;

  const run = async (label: string, action: () => Promise<unknown>): Promise<void> => {
    setResult(null);
    try {
      await action();
      setResult({ ok: true, text: `${label}: done` });
    } catch (e) {
      setResult({ ok: false, text: `${label}: ${errorText(e)}` });
    }
  };

  return (
    <section className="sv-panel" aria-labelledby="sv-control-title">
      <header className="sv-panel-head">
        <h2 id="sv-control-title">Conversation control</h2>
      </header>
      <form className="sv-form sv-control" onSubmit={(e) => e.preventDefault()}>
        <label>
          Conversation #
          <input inputMode="numeric" value={id} onChange={(e) => setId(e.target.value.replace(/\D/g, ''))} />
        </label>
        <div className="sv-row">
          <label>
            Queue
            <select value={queueId} onChange={(e) => setQueueId(e.target.value)}>
              <option value="">Choose…</option>
              {queues.map((q) => (
                <option key={q.queueId} value={q.queueId}>
                  {q.name}
                </option>
              ))}
            </select>
          </label>
          <button
            type="button"
            className="btn"
            disabled={!ready || !valid || !queueId}
            onClick={() => void run('Move', () => move({ conversationId: target, queueId }).unwrap())}
          >
            Move to queue
          </button>
        </div>
        <div className="sv-row">
          <label>
            Priority (0–100)
            <input type="number" min={0} max={100} value={priority} onChange={(e) => setPriority(e.target.value)} />
          </label>
          <button
            type="button"
            className="btn"
            disabled={!ready || !valid || !/^\d+$/.test(priority) || Number(priority) > 100}
            onClick={() => void run('Priority', () => move({ conversationId: target, priority: Number(priority) }).unwrap())}
          >
            Raise priority
          </button>
        </div>
        <div className="sv-row">
          <label>
            Agent
            <select value={agentId} onChange={(e) => setAgentId(e.target.value)}>
              <option value="">Choose…</option>
              {agents
                .filter((a) => a.agent.role === 'agent')
                .map((a) => (
                  <option key={a.agent.id} value={a.agent.id}>
                    {a.agent.displayName} ({a.agent.state})
                  </option>
                ))}
            </select>
          </label>
          <button
            type="button"
            className="btn"
            disabled={!ready || !valid || !agentId}
            onClick={() => void run('Reassign', () => reassign({ conversationId: target, agentId: Number(agentId) }).unwrap())}
          >
            Reassign
          </button>
          <button type="button" className="btn btn-ghost" disabled={!ready || !valid} onClick={() => onMonitor(target)}>
            Monitor
          </button>
        </div>
        {result && (
          <p role={result.ok ? 'status' : 'alert'} className={result.ok ? 'muted' : 'inline-error'}>
            {result.text}
          </p>
        )}
      </form>
    </section>
  );
}

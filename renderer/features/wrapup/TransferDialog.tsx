import { useState } from 'react';
import { errorText, useAgentListQuery, useQueueListQuery, useSessionMeQuery, useTransferMutation } from '../../app/api';
import { useHubReady } from '../../app/hooks';
import { Dialog, DialogFooter } from '../../common/Dialog';

type Target = 'queue' | 'agent';

/** Transfer to a queue or to an agent, with a note the next agent sees on the offer. */
export function TransferDialog({ conversationId, onClose }: Readonly<{ conversationId: number; onClose: () => void }>) {
  const ready = useHubReady();
  const { data: me } = useSessionMeQuery(undefined, { skip: !ready });
  const { data: queues } = useQueueListQuery(undefined, { skip: !ready });
  // agent/list is for supervisors; agents transfer to a colleague by their number.
  const canListAgents = me?.agent.role === 'supervisor' || me?.agent.role === 'admin';
  const { data: agents } = useAgentListQuery(undefined, { skip: !ready || !canListAgents });
  const [transfer, { isLoading, error }] = useTransferMutation();
  const [target, setTarget] = useState<Target>('queue');
  const [queueId, setQueueId] = useState('');
  const [agentId, setAgentId] = useState('');
  const [note, setNote] = useState('');

  const chosenQueue = queueId || queues?.[0]?.queue.id || '';
  const agentNumber = Number(agentId);
  const valid = target === 'queue' ? chosenQueue !== '' : Number.isInteger(agentNumber) && agentNumber > 0;

  const submit = async (): Promise<void> => {
    const to = target === 'queue' ? { queueId: chosenQueue } : { agentId: agentNumber };
    const result = await transfer({ conversationId, to, note: note.trim() || undefined });
    if (!('error' in result)) onClose();
  };

  return (
    <Dialog title="Transfer conversation" onClose={onClose}>
      <form
        className="dialog-body"
        onSubmit={(e) => {
          e.preventDefault();
          if (valid) void submit();
        }}
      >
        <fieldset className="segmented">
          <legend className="visually-hidden">Transfer to</legend>
          <label className={target === 'queue' ? 'on' : ''}>
            <input type="radio" name="target" checked={target === 'queue'} onChange={() => setTarget('queue')} /> Queue
          </label>
          <label className={target === 'agent' ? 'on' : ''}>
            <input type="radio" name="target" checked={target === 'agent'} onChange={() => setTarget('agent')} /> Agent
          </label>
        </fieldset>
        {target === 'queue' ? (
          <label>
            Queue
            <select value={chosenQueue} onChange={(e) => setQueueId(e.target.value)}>
              {(queues ?? []).map(({ queue, stats }) => (
                <option key={queue.id} value={queue.id}>
                  {queue.name} — {stats.waiting} waiting
                </option>
              ))}
            </select>
          </label>
        ) : canListAgents ? (
          <label>
            Agent
            <select value={agentId} onChange={(e) => setAgentId(e.target.value)}>
              <option value="">Choose an agent…</option>
              {(agents ?? [])
                .filter((a) => a.id !== me?.agent.id)
                .map((a) => (
                  <option key={a.id} value={a.id}>
                    {a.displayName} — {a.state.replace('_', ' ')}
                  </option>
                ))}
            </select>
          </label>
        ) : (
          <label>
            Agent number
            <input
              inputMode="numeric"
              value={agentId}
              onChange={(e) => setAgentId(e.target.value.replace(/\D/g, ''))}
              placeholder="e.g. 12"
            />
          </label>
        )}
        <label>
          Note for the next agent <span className="muted">(optional)</span>
          <textarea rows={3} value={note} maxLength={4000} onChange={(e) => setNote(e.target.value)} />
        </label>
        <DialogFooter
          error={error ? errorText(error) : null}
          onCancel={onClose}
          submitLabel="Transfer"
          disabled={!ready || !valid || isLoading}
        />
      </form>
    </Dialog>
  );
}

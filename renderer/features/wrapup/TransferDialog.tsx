import { useState } from 'react';
import { errorText, useAgentListQuery, useQueueListQuery, useSessionMeQuery, useTransferMutation } from '../../app/api';
import { useHubReady } from '../../app/hooks';
import { Dialog, DialogFooter } from '../../common/Dialog';
import { agentStateText } from '../../common/labels';
import { formatCount } from '../../common/numbers';
import { useT } from '../../i18n';

type Target = 'queue' | 'agent';

/** Transfer to a queue or to an agent, with a note the next agent sees on the offer. */
export function TransferDialog({ conversationId, onClose }: Readonly<{ conversationId: number; onClose: () => void }>) {
  const { t } = useT('wrapup');
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
    <Dialog title={t('transfer.title')} onClose={onClose}>
      <form
        className="dialog-body"
        onSubmit={(e) => {
          e.preventDefault();
          if (valid) void submit();
        }}
      >
        <fieldset className="segmented">
          <legend className="visually-hidden">{t('transfer.to')}</legend>
          <label className={target === 'queue' ? 'on' : ''}>
            <input type="radio" name="target" checked={target === 'queue'} onChange={() => setTarget('queue')} /> {t('transfer.queue')}
          </label>
          <label className={target === 'agent' ? 'on' : ''}>
            <input type="radio" name="target" checked={target === 'agent'} onChange={() => setTarget('agent')} /> {t('transfer.agent')}
          </label>
        </fieldset>
        {target === 'queue' ? (
          <label>
            {t('transfer.queue')}
            <select value={chosenQueue} onChange={(e) => setQueueId(e.target.value)}>
              {(queues ?? []).map(({ queue, stats }) => (
                <option key={queue.id} value={queue.id}>
                  {t('transfer.queueOption', { name: queue.name, waiting: formatCount(stats.waiting) })}
                </option>
              ))}
            </select>
          </label>
        ) : canListAgents ? (
          <label>
            {t('transfer.agent')}
            <select value={agentId} onChange={(e) => setAgentId(e.target.value)}>
              <option value="">{t('transfer.chooseAgent')}</option>
              {(agents ?? [])
                .filter((a) => a.id !== me?.agent.id)
                .map((a) => (
                  <option key={a.id} value={a.id}>
                    {t('transfer.agentOption', { name: a.displayName, state: agentStateText(a.state) })}
                  </option>
                ))}
            </select>
          </label>
        ) : (
          <label>
            {t('transfer.agentNumber')}
            <input
              inputMode="numeric"
              value={agentId}
              onChange={(e) => setAgentId(e.target.value.replace(/\D/g, ''))}
              placeholder={t('transfer.agentNumberExample')}
            />
          </label>
        )}
        <label>
          {t('transfer.note')} <span className="muted">{t('transfer.optional')}</span>
          <textarea rows={3} value={note} maxLength={4000} onChange={(e) => setNote(e.target.value)} />
        </label>
        <DialogFooter
          error={error ? errorText(error) : null}
          onCancel={onClose}
          submitLabel={t('transfer.submit')}
          disabled={!ready || !valid || isLoading}
        />
      </form>
    </Dialog>
  );
}

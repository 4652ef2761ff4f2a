import { useState } from 'react';
import { errorText, useQueueListQuery } from '../../app/api';
import { useHubReady } from '../../app/hooks';
import { Dialog, DialogFooter } from '../../common/Dialog';
import { useT } from '../../i18n';
import { useVoiceTransferMutation } from '../channels/channelApi';

/** Cold transfer (to a queue or an agent) or warm transfer (talk to the agent first) of a live call. */
export function VoiceTransferDialog({ conversationId, onClose }: Readonly<{ conversationId: number; onClose: () => void }>) {
  const { t } = useT('telephony');
  const ready = useHubReady();
  const { data: queues } = useQueueListQuery(undefined, { skip: !ready });
  const [transfer, { isLoading, error }] = useVoiceTransferMutation();
  const [mode, setMode] = useState<'cold' | 'warm'>('cold');
  const [target, setTarget] = useState<'queue' | 'agent'>('queue');
  const [queueId, setQueueId] = useState('');
  const [agentId, setAgentId] = useState('');
  const [note, setNote] = useState('');
  const chosenQueue = queueId || queues?.[0]?.queue.id || '';
  const agentNumber = Number(agentId);
  const toAgent = mode === 'warm' || target === 'agent';
  const valid = toAgent ? Number.isInteger(agentNumber) && agentNumber > 0 : chosenQueue !== '';

  const submit = async (): Promise<void> => {
    const to = toAgent ? { agentId: agentNumber } : { queueId: chosenQueue };
    const result = await transfer({ conversationId, mode, to, note: note.trim() || undefined });
    if (!('error' in result)) onClose();
  };

  return (
    <Dialog title={t('transferCall')} onClose={onClose}>
      <form
        className="dialog-body"
        onSubmit={(e) => {
          e.preventDefault();
          if (valid) void submit();
        }}
      >
        <fieldset className="segmented">
          <legend>{t('transfer.how')}</legend>
          <label>
            <input type="radio" name="vt-mode" checked={mode === 'cold'} onChange={() => setMode('cold')} /> {t('transfer.cold')}
          </label>
          <label>
            <input type="radio" name="vt-mode" checked={mode === 'warm'} onChange={() => setMode('warm')} /> {t('transfer.warm')}
          </label>
        </fieldset>
        {mode === 'cold' && (
          <fieldset className="segmented">
            <legend>{t('transfer.to')}</legend>
            <label>
              <input type="radio" name="vt-target" checked={target === 'queue'} onChange={() => setTarget('queue')} />{' '}
              {t('transfer.aQueue')}
            </label>
            <label>
              <input type="radio" name="vt-target" checked={target === 'agent'} onChange={() => setTarget('agent')} />{' '}
              {t('transfer.anAgent')}
            </label>
          </fieldset>
        )}
        {toAgent ? (
          <label>
            {t('transfer.agentNumber')}
            <input inputMode="numeric" value={agentId} onChange={(e) => setAgentId(e.target.value)} />
          </label>
        ) : (
          <label>
            {t('transfer.queue')}
            <select value={chosenQueue} onChange={(e) => setQueueId(e.target.value)}>
              {queues?.map((q) => (
                <option key={q.queue.id} value={q.queue.id}>
                  {q.queue.name}
                </option>
              ))}
            </select>
          </label>
        )}
        <label>
          {t('transfer.note')}
          <textarea rows={2} maxLength={4000} value={note} onChange={(e) => setNote(e.target.value)} />
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

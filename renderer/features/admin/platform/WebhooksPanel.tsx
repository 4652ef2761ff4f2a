import { useState } from 'react';
import { webhookEventLabels, webhookEventTypes, type WebhookEventType, type WebhookSubscription } from '../../../../services/contracts';
import { errorText } from '../../../app/api';
import { useHubReady } from '../../../app/hooks';
import { Dialog, DialogFooter } from '../../../common/Dialog';
import { formatDateTime } from '../../../common/time';
import { SecretOnce } from './SecretOnce';
import {
  useCreateWebhookMutation,
  useDeleteWebhookMutation,
  useDeliveriesQuery,
  useResendDeliveryMutation,
  useSetWebhookActiveMutation,
  useWebhooksQuery,
} from './platformApi';

/** Webhook subscriptions and, for the one selected, its recent deliveries with a re-send button. */
export function WebhooksPanel() {
  const ready = useHubReady();
  const { data: subscriptions, error, isLoading } = useWebhooksQuery(undefined, { pollingInterval: 5000, skip: !ready });
  const [selected, setSelected] = useState<number | null>(null);
  const [creating, setCreating] = useState(false);
  const [secret, setSecret] = useState<string | null>(null);
  const current = subscriptions?.find((s) => s.id === selected) ?? subscriptions?.[0];
  return (
    <div className="pa-split">
      <section className="pa-panel" aria-labelledby="pa-hooks-title">
        <header className="pa-panel-head">
          <div>
            <h2 id="pa-hooks-title">Webhooks</h2>
            <p className="muted small">Other systems hear about conversations and messages as they happen, signed with their secret.</p>
          </div>
          <button type="button" className="btn btn-primary" onClick={() => setCreating(true)}>
            Add webhook
          </button>
        </header>
        {error && <p className="inline-error pad">{errorText(error)}</p>}
        {isLoading && <p className="muted pad">Loading…</p>}
        {subscriptions && subscriptions.length === 0 && <p className="empty pad">No webhooks yet.</p>}
        <ul className="pa-hooks">
          {subscriptions?.map((s) => (
            <li key={s.id}>
              <button
                type="button"
                className={`pa-hook${current?.id === s.id ? ' pa-hook-selected' : ''}`}
                aria-pressed={current?.id === s.id}
                onClick={() => setSelected(s.id)}
              >
                {s.description && <span className="pa-hook-name">{s.description}</span>}
                <span className="pa-hook-url mono" title={s.url}>
                  {s.url}
                </span>
                <span className="pa-hook-meta small">
                  <span className={`pa-status pa-status-${s.active ? 'ok' : 'off'}`}>{s.active ? 'Sending' : 'Paused'}</span>
                  {s.pending > 0 && <span className="pa-count">{s.pending} waiting</span>}
                  {s.failed > 0 && <span className="pa-count pa-count-bad">{s.failed} failed</span>}
                  <span className="muted">
                    {s.events.length === webhookEventTypes.length
                      ? 'All events'
                      : `${s.events.length} of ${webhookEventTypes.length} events`}
                  </span>
                </span>
              </button>
            </li>
          ))}
        </ul>
      </section>
      {current ? (
        <Deliveries subscription={current} />
      ) : (
        <section className="pa-panel pa-placeholder muted">Add a webhook to see its deliveries here.</section>
      )}
      {creating && (
        <NewWebhookDialog
          onClose={() => setCreating(false)}
          onCreated={(s, id) => {
            setCreating(false);
            setSelected(id);
            setSecret(s);
          }}
        />
      )}
      {secret && <SecretOnce title="Signing secret for this webhook" secret={secret} onClose={() => setSecret(null)} />}
    </div>
  );
}

const stateLabel = { pending: 'Waiting to retry', delivered: 'Delivered', failed: 'Failed' } as const;

function Deliveries({ subscription }: Readonly<{ subscription: WebhookSubscription }>) {
  const ready = useHubReady();
  const { data: deliveries, error } = useDeliveriesQuery(subscription.id, { pollingInterval: 5000, skip: !ready });
  const [resend] = useResendDeliveryMutation();
  const [setActive] = useSetWebhookActiveMutation();
  const [remove] = useDeleteWebhookMutation();
  const [confirmDelete, setConfirmDelete] = useState(false);
  return (
    <section className="pa-panel" aria-labelledby="pa-deliveries-title">
      <header className="pa-panel-head">
        <div className="pa-min">
          <h2 id="pa-deliveries-title">Deliveries</h2>
          <p className="small mono pa-ellipsis" title={subscription.url}>
            {subscription.url}
          </p>
          <p className="muted small">{subscription.events.map((e) => webhookEventLabels[e]).join(' · ')}</p>
        </div>
        <div className="pa-buttons">
          <button
            type="button"
            className="btn btn-small"
            onClick={() => void setActive({ subscriptionId: subscription.id, active: !subscription.active })}
          >
            {subscription.active ? 'Pause' : 'Resume'}
          </button>
          <button type="button" className="btn btn-small btn-danger" onClick={() => setConfirmDelete(true)}>
            Delete
          </button>
        </div>
      </header>
      {error && <p className="inline-error pad">{errorText(error)}</p>}
      {deliveries && deliveries.length === 0 && <p className="empty pad">Nothing sent yet. Deliveries appear here as events happen.</p>}
      {deliveries && deliveries.length > 0 && (
        <table className="pa-table">
          <thead>
            <tr>
              <th scope="col">Event</th>
              <th scope="col">State</th>
              <th scope="col">Tries</th>
              <th scope="col">Last try</th>
              <th scope="col">Answer</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {deliveries.map((d) => (
              <tr key={d.id}>
                <td>
                  {webhookEventLabels[d.eventType]}
                  <div className="mono muted">{d.eventId}</div>
                </td>
                <td>
                  <span className={`pa-status pa-status-${d.state === 'delivered' ? 'ok' : d.state === 'failed' ? 'bad' : 'wait'}`}>
                    {stateLabel[d.state]}
                  </span>
                  {d.state === 'pending' && d.nextAttemptAt !== null && (
                    <div className="small muted pa-when">next try {formatDateTime(d.nextAttemptAt)}</div>
                  )}
                </td>
                <td className="mono">{d.attempts}</td>
                <td className="small pa-when">
                  {d.lastAttemptAt === null ? <span className="muted">Not yet</span> : formatDateTime(d.lastAttemptAt)}
                </td>
                <td className="small pa-answer" title={d.lastError ?? undefined}>
                  {d.lastStatus !== null ? `HTTP ${d.lastStatus}` : d.lastError ? d.lastError : <span className="muted">—</span>}
                </td>
                <td className="pa-actions">
                  <button type="button" className="btn btn-small" onClick={() => void resend({ deliveryId: d.id })}>
                    Re-send
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {confirmDelete && (
        <Dialog title="Delete this webhook?" onClose={() => setConfirmDelete(false)}>
          <p>Nothing more is sent to {subscription.url}, and deliveries still waiting are dropped.</p>
          <div className="dialog-actions">
            <button type="button" className="btn" onClick={() => setConfirmDelete(false)}>
              Cancel
            </button>
            <button
              type="button"
              className="btn btn-danger"
              onClick={() => {
                void remove({ subscriptionId: subscription.id });
                setConfirmDelete(false);
              }}
            >
              Delete webhook
            </button>
          </div>
        </Dialog>
      )}
    </section>
  );
}

function NewWebhookDialog({ onClose, onCreated }: Readonly<{ onClose: () => void; onCreated: (secret: string, id: number) => void }>) {
  const [url, setUrl] = useState('https://');
  const [description, setDescription] = useState('');
  const [events, setEvents] = useState<ReadonlySet<WebhookEventType>>(
    new Set(['conversation.created', 'conversation.closed', 'message.in', 'message.out']),
  );
  const [error, setError] = useState<string | null>(null);
  const [create, { isLoading }] = useCreateWebhookMutation();
  const submit = async (): Promise<void> => {
    try {
      const created = await create({ url: url.trim(), events: [...events], description: description.trim() || undefined }).unwrap();
      onCreated(created.secret, created.subscription.id);
    } catch (e) {
      setError(errorText(e));
    }
  };
  return (
    <Dialog title="Add webhook" onClose={onClose}>
      <form
        className="dialog-body pa-form"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <label>
          Address (URL)
          <input type="url" value={url} onChange={(e) => setUrl(e.target.value)} required maxLength={2000} />
        </label>
        <label>
          Description (optional)
          <input value={description} onChange={(e) => setDescription(e.target.value)} maxLength={120} placeholder="Order system" />
        </label>
        <fieldset className="pa-scopes">
          <legend>Send when</legend>
          {webhookEventTypes.map((type) => (
            <label key={type} className="pa-check">
              <input
                type="checkbox"
                checked={events.has(type)}
                onChange={(e) => {
                  const next = new Set(events);
                  if (e.target.checked) next.add(type);
                  else next.delete(type);
                  setEvents(next);
                }}
              />
              {webhookEventLabels[type]}
            </label>
          ))}
        </fieldset>
        <DialogFooter error={error} onCancel={onClose} submitLabel="Add webhook" disabled={isLoading || events.size === 0} />
      </form>
    </Dialog>
  );
}

import { useState } from 'react';
import { webhookEventTypes, type WebhookEventType, type WebhookSubscription } from '../../../../services/contracts';
import { errorText } from '../../../app/api';
import { useHubReady } from '../../../app/hooks';
import { formatDateTime } from '../../../common/time';
import { CheckboxSet } from '../common/CheckboxSet';
import { ConfirmDialog } from '../common/ConfirmDialog';
import { FormDialog } from '../common/FormDialog';
import { RecordTable } from '../common/RecordTable';
import { SecretOnce } from './SecretOnce';
import { i18n, useT } from '../../../i18n';

/** An event's words, by its code ("message.in"; the dot is i18next's key separator, so it becomes "_"). */
const eventLabel = (type: WebhookEventType): string => i18n.t(`event.${type.replace('.', '_')}`, { ns: 'admin/platform' });
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
  const { t } = useT('admin/platform');
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
            <h2 id="pa-hooks-title">{t('tab.webhooks')}</h2>
            <p className="muted small">{t('hooks.intro')}</p>
          </div>
          <button type="button" className="btn btn-primary" onClick={() => setCreating(true)}>
            {t('attr.addWebhook')}
          </button>
        </header>
        {error && <p className="inline-error pad">{errorText(error)}</p>}
        {isLoading && <p className="muted pad">{t('loading')}</p>}
        {subscriptions && subscriptions.length === 0 && <p className="empty pad">{t('hooks.none')}</p>}
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
                  <span className={`pa-status pa-status-${s.active ? 'ok' : 'off'}`}>
                    {s.active ? t('hooks.sending') : t('hooks.paused')}
                  </span>
                  {s.pending > 0 && <span className="pa-count">{t('hooks.waiting', { count: s.pending })}</span>}
                  {s.failed > 0 && <span className="pa-count pa-count-bad">{t('hooks.failed', { count: s.failed })}</span>}
                  <span className="muted">
                    {s.events.length === webhookEventTypes.length
                      ? t('hooks.allEvents')
                      : t('hooks.someEvents', { count: s.events.length, total: webhookEventTypes.length })}
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
        <section className="pa-panel pa-placeholder muted">{t('hooks.placeholder')}</section>
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
      {secret && <SecretOnce title={t('attr.signingSecretForThis')} secret={secret} onClose={() => setSecret(null)} />}
    </div>
  );
}

/** A delivery's pill colour by state (a CSS class suffix, not words). */
const deliveryTone = { pending: 'wait', delivered: 'ok', failed: 'bad' } as const;

function Deliveries({ subscription }: Readonly<{ subscription: WebhookSubscription }>) {
  const ready = useHubReady();
  const { t } = useT('admin/platform');
  const { data: deliveries, error } = useDeliveriesQuery(subscription.id, { pollingInterval: 5000, skip: !ready });
  const [resend] = useResendDeliveryMutation();
  const [setActive] = useSetWebhookActiveMutation();
  const [remove] = useDeleteWebhookMutation();
  const [confirmDelete, setConfirmDelete] = useState(false);
  return (
    <section className="pa-panel" aria-labelledby="pa-deliveries-title">
      <header className="pa-panel-head">
        <div className="pa-min">
          <h2 id="pa-deliveries-title">{t('deliveries.title')}</h2>
          <p className="small mono pa-ellipsis" title={subscription.url}>
            {subscription.url}
          </p>
          <p className="muted small">{subscription.events.map(eventLabel).join(' · ')}</p>
        </div>
        <div className="pa-buttons">
          <button
            type="button"
            className="btn btn-small"
            onClick={() => void setActive({ subscriptionId: subscription.id, active: !subscription.active })}
          >
            {subscription.active ? t('deliveries.pause') : t('deliveries.resume')}
          </button>
          <button type="button" className="btn btn-small btn-danger" onClick={() => setConfirmDelete(true)}>
            {t('deliveries.delete')}
          </button>
        </div>
      </header>
      <RecordTable
        rows={deliveries}
        error={error}
        emptyText={t('deliveries.none')}
        columns={[
          t('deliveries.col.event'),
          t('deliveries.col.state'),
          t('deliveries.col.tries'),
          t('deliveries.col.lastTry'),
          t('deliveries.col.answer'),
        ]}
        actionsLabel={t('actions')}
        className="pa-table"
      >
        {(d) => (
          <tr key={d.id}>
            <td>
              {eventLabel(d.eventType)}
              <div className="mono muted">{d.eventId}</div>
            </td>
            <td>
              <span className={`pa-status pa-status-${deliveryTone[d.state]}`}>{t(`deliveries.state.${d.state}`)}</span>
              {d.state === 'pending' && d.nextAttemptAt !== null && (
                <div className="small muted pa-when">{t('deliveries.nextTry', { at: formatDateTime(d.nextAttemptAt) })}</div>
              )}
            </td>
            <td className="mono">{d.attempts}</td>
            <td className="small pa-when">
              {d.lastAttemptAt === null ? <span className="muted">{t('deliveries.notYet')}</span> : formatDateTime(d.lastAttemptAt)}
            </td>
            <td className="small pa-answer" title={d.lastError ?? undefined}>
              {d.lastStatus !== null ? (
                t('deliveries.http', { status: d.lastStatus })
              ) : d.lastError ? (
                d.lastError
              ) : (
                <span className="muted">—</span>
              )}
            </td>
            <td className="pa-actions">
              <button type="button" className="btn btn-small" onClick={() => void resend({ deliveryId: d.id })}>
                {t('deliveries.resend')}
              </button>
            </td>
          </tr>
        )}
      </RecordTable>
      {confirmDelete && (
        <ConfirmDialog
          title={t('attr.deleteThisWebhook')}
          text={t('deliveries.deleteText', { url: subscription.url })}
          confirmLabel={t('deliveries.deleteWebhook')}
          onConfirm={() => void remove({ subscriptionId: subscription.id })}
          onClose={() => setConfirmDelete(false)}
        />
      )}
    </section>
  );
}

function NewWebhookDialog({ onClose, onCreated }: Readonly<{ onClose: () => void; onCreated: (secret: string, id: number) => void }>) {
  const [url, setUrl] = useState('https://');
  const { t } = useT('admin/platform');
  const [description, setDescription] = useState('');
  const [events, setEvents] = useState<ReadonlySet<WebhookEventType>>(
    new Set(['conversation.created', 'conversation.closed', 'message.in', 'message.out']),
  );
  const [create, { isLoading }] = useCreateWebhookMutation();
  const submit = async (): Promise<void> => {
    const created = await create({ url: url.trim(), events: [...events], description: description.trim() || undefined }).unwrap();
    onCreated(created.secret, created.subscription.id);
  };
  return (
    <FormDialog
      title={t('attr.addWebhook')}
      submitLabel={t('attr.addWebhook')}
      onSubmit={submit}
      onClose={onClose}
      disabled={isLoading || events.size === 0}
      className="pa-form"
    >
      <label>
        {t('hooks.url')}
        <input type="url" value={url} onChange={(e) => setUrl(e.target.value)} required maxLength={2000} />
      </label>
      <label>
        {t('hooks.description')}
        <input value={description} onChange={(e) => setDescription(e.target.value)} maxLength={120} placeholder={t('attr.orderSystem')} />
      </label>
      <CheckboxSet legend={t('hooks.sendWhen')} options={webhookEventTypes} selected={events} onChange={setEvents} label={eventLabel} />
    </FormDialog>
  );
}

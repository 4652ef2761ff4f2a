import { useState } from 'react';
import { embedSnippet, type PreChatNeed, type SectionView } from '../../../../services/contracts';
import { Field, QueueField, TextField } from './Field';
import { obj, str, type Json } from './draft';
import { SectionPanel } from './SectionPanel';
import { SnippetBox } from './SnippetBox';
import { useT } from '../../../i18n';

/** Settings key paths the fields show (the hub's issue paths), kept out of the markup. */
const paths = {
  queueId: 'queueId',
  title: 'title',
  allowedOrigins: 'allowedOrigins',
} as const;
const shownPaths = ['queueId', 'allowedOrigins', 'title', 'preChat.name', 'preChat.email', 'preChat.phone'];

type Queues = ReadonlyArray<{ id: string; name: string }>;
type PreChatField = 'name' | 'email' | 'phone';

/** The pre-chat form's fields as the visitor sees them; each one's label is the catalogue's `webchat.preChat.<field>`. */
const PRE_CHAT: readonly PreChatField[] = ['name', 'email', 'phone'];
/** How much a pre-chat field is asked for (option values, not words). */
const NEEDS: readonly PreChatNeed[] = ['off', 'optional', 'required'];

const need = (v: unknown): PreChatNeed => (v === 'off' || v === 'required' ? v : 'optional');

export function WebchatSettings({ view, queues, publicUrl }: Readonly<{ view: SectionView; queues: Queues; publicUrl: string | null }>) {
  const stored = obj(view.value);
  const { t } = useT('admin/channels');
  const [queueId, setQueueId] = useState(str(stored.queueId, queues[0]?.id ?? 'support'));
  const [origins, setOrigins] = useState(() =>
    (Array.isArray(stored.allowedOrigins) ? stored.allowedOrigins : []).filter((o): o is string => typeof o === 'string').join('\n'),
  );
  const [title, setTitle] = useState(str(stored.title, 'Chat with us'));
  const storedPreChat = obj(stored.preChat);
  const [preChat, setPreChat] = useState<Record<PreChatField, PreChatNeed>>(() => ({
    name: need(storedPreChat.name),
    email: need(storedPreChat.email),
    phone: need(storedPreChat.phone),
  }));
  // No public address configured: the snippet uses the address this console was opened at.
  const base = publicUrl ?? window.location.origin;

  const originList = origins
    .split(/[\s,]+/)
    .map((o) => o.trim())
    .filter(Boolean);
  const build = (): Json => ({ ...stored, queueId, allowedOrigins: originList, title: title.trim() || undefined, preChat });
  const snippet = embedSnippet(base, queueId || 'support', title.trim() || undefined);

  return (
    <SectionPanel
      section="webchat"
      title={t('webchat.webChat')}
      intro={t('webchat.aChatButtonOn')}
      view={view}
      build={build}
      shown={shownPaths}
      after={() => (
        <SnippetBox
          snippet={snippet}
          note={[
            view.running ? null : t('webchat.offUntilSaved'),
            publicUrl ? t('webchat.pasteBeforeBody') : t('webchat.noPublicAddress', { base }),
          ]
            .filter(Boolean)
            .join(' ')}
        />
      )}
    >
      {(errors) => (
        <fieldset className="ch-group">
          <legend>{t('webchat.chat')}</legend>
          <div className="ch-grid">
            <QueueField
              label={t('webchat.queueForNewChats')}
              path={paths.queueId}
              errors={errors}
              value={queueId}
              queues={queues}
              onChange={setQueueId}
            />
            <TextField label={t('webchat.titleOnTheChat')} path={paths.title} errors={errors} value={title} onChange={setTitle} />
          </div>
          <Field
            label={t('webchat.websitesAllowedToShow')}
            path={paths.allowedOrigins}
            errors={errors}
            wide
            hint={t('webchat.forExampleHttpsShop')}
          >
            {(id, describedBy, invalid) => (
              <textarea
                id={id}
                rows={3}
                value={origins}
                aria-invalid={invalid}
                aria-describedby={describedBy}
                onChange={(e) => setOrigins(e.target.value)}
              />
            )}
          </Field>
          <div className="ch-grid">
            {PRE_CHAT.map((field) => (
              <Field key={field} label={t(`webchat.preChat.${field}`)} path={`preChat.${field}`} errors={errors}>
                {(id, describedBy) => (
                  <select
                    id={id}
                    aria-describedby={describedBy}
                    value={preChat[field]}
                    onChange={(e) => setPreChat({ ...preChat, [field]: need(e.target.value) })}
                  >
                    {NEEDS.map((n) => (
                      <option key={n} value={n}>
                        {t(`webchat.need.${n}`)}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
            ))}
          </div>
        </fieldset>
      )}
    </SectionPanel>
  );
}

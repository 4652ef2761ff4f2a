import { useState } from 'react';
import { embedSnippet, type PreChatNeed, type SectionView } from '../../../../services/contracts';
import { Field, QueueField, TextField } from './Field';
import { obj, str, type Json } from './draft';
import { SectionPanel } from './SectionPanel';
import { SnippetBox } from './SnippetBox';

type Queues = ReadonlyArray<{ id: string; name: string }>;
type PreChatField = 'name' | 'email' | 'phone';

/** The pre-chat form's fields as the visitor sees them. */
const PRE_CHAT: ReadonlyArray<{ field: PreChatField; label: string }> = [
  { field: 'name', label: 'Pre-chat form: name' },
  { field: 'email', label: 'Pre-chat form: email' },
  { field: 'phone', label: 'Pre-chat form: phone' },
];

const need = (v: unknown): PreChatNeed => (v === 'off' || v === 'required' ? v : 'optional');

export function WebchatSettings({ view, queues, publicUrl }: Readonly<{ view: SectionView; queues: Queues; publicUrl: string | null }>) {
  const stored = obj(view.value);
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
      title="Web chat"
      intro="A chat button on your website. Visitors wait in a queue; their chats come to agents like any contact."
      view={view}
      build={build}
      shown={['queueId', 'allowedOrigins', 'title', 'preChat.name', 'preChat.email', 'preChat.phone']}
      after={() => (
        <SnippetBox
          snippet={snippet}
          note={[
            view.running ? null : 'Web chat is off until these settings are saved.',
            publicUrl
              ? 'Paste this just before </body> on every page that should show the chat button.'
              : `No public address is set for this hub, so this uses ${base}. Visitors must be able to reach that address.`,
          ]
            .filter(Boolean)
            .join(' ')}
        />
      )}
    >
      {(errors) => (
        <fieldset className="ch-group">
          <legend>Chat</legend>
          <div className="ch-grid">
            <QueueField label="Queue for new chats" path="queueId" errors={errors} value={queueId} queues={queues} onChange={setQueueId} />
            <TextField label="Title on the chat window" path="title" errors={errors} value={title} onChange={setTitle} />
          </div>
          <Field
            label="Websites allowed to show the chat (one per line)"
            path="allowedOrigins"
            errors={errors}
            wide
            hint="For example https://shop.example.com. Leave empty to allow any website."
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
            {PRE_CHAT.map(({ field, label }) => (
              <Field key={field} label={label} path={`preChat.${field}`} errors={errors}>
                {(id, describedBy) => (
                  <select
                    id={id}
                    aria-describedby={describedBy}
                    value={preChat[field]}
                    onChange={(e) => setPreChat({ ...preChat, [field]: need(e.target.value) })}
                  >
                    <option value="off">Not asked</option>
                    <option value="optional">Optional</option>
                    <option value="required">Required</option>
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

import { useState } from 'react';
import type { SectionView } from '../../../../services/contracts';
import { CheckField, QueueField, SecretField, TextField } from './Field';
import { arr, bool, compact, isSet, obj, str, type Json } from './draft';
import { SectionPanel } from './SectionPanel';

type Queues = ReadonlyArray<{ id: string; name: string }>;
type NumberDraft = { key: number; rest: Json; number: string; queueId: string; sms: boolean; voice: boolean };

let keys = 0;
const numberDraft = (n: Json, queues: Queues): NumberDraft => ({
  key: ++keys,
  rest: n,
  number: str(n.number),
  queueId: str(n.queueId, queues[0]?.id ?? ''),
  sms: bool(n.sms, true),
  voice: bool(n.voice, true),
});

export function TwilioSettings({ view, queues, publicUrl }: Readonly<{ view: SectionView; queues: Queues; publicUrl: string | null }>) {
  const stored = obj(view.value);
  const [accountSid, setAccountSid] = useState(str(stored.accountSid));
  const [authToken, setAuthToken] = useState('');
  const [tokenSet, setTokenSet] = useState(isSet(stored.authToken));
  const [apiKey, setApiKey] = useState(str(stored.apiKey));
  const [apiSecret, setApiSecret] = useState('');
  const [secretSet, setSecretSet] = useState(isSet(stored.apiSecret));
  const [ownUrl, setOwnUrl] = useState(str(stored.publicUrl));
  const [numbers, setNumbers] = useState<NumberDraft[]>(() => {
    const list = arr(stored.numbers).map((n) => numberDraft(n, queues));
    return list.length > 0 ? list : [numberDraft({}, queues)];
  });
  const patch = (key: number, change: Partial<NumberDraft>) =>
    setNumbers((list) => list.map((n) => (n.key === key ? { ...n, ...change } : n)));
  const effectiveUrl = ownUrl.trim() || publicUrl;

  const build = (): Json =>
    compact({
      ...stored,
      accountSid: accountSid.trim(),
      authToken,
      apiKey: apiKey.trim() || undefined,
      // A secret without its key is dropped with it.
      apiSecret: apiKey.trim() ? apiSecret : undefined,
      publicUrl: ownUrl.trim() || undefined,
      numbers: numbers.map((n) => compact({ ...n.rest, number: n.number.trim(), queueId: n.queueId, sms: n.sms, voice: n.voice })),
    });

  const shown = [
    'accountSid',
    'authToken',
    'apiKey',
    'apiSecret',
    'publicUrl',
    ...numbers.flatMap((_, i) => [`numbers.${i}.number`, `numbers.${i}.queueId`]),
  ];

  return (
    <SectionPanel
      section="twilio"
      title="Phone and SMS (Twilio)"
      intro="Calls and text messages to your Twilio numbers wait in a queue like every other contact."
      view={view}
      build={build}
      shown={shown}
      onSaved={() => {
        setTokenSet((s) => s || authToken !== '');
        setSecretSet((s) => s || apiSecret !== '');
        setAuthToken('');
        setApiSecret('');
      }}
    >
      {(errors) => (
        <>
          <fieldset className="ch-group">
            <legend>Account</legend>
            <div className="ch-grid ch-grid-2">
              <TextField
                label="Account SID"
                path="accountSid"
                errors={errors}
                value={accountSid}
                placeholder="AC…"
                onChange={setAccountSid}
              />
              <SecretField
                label="Auth token"
                path="authToken"
                errors={errors}
                value={authToken}
                stored={tokenSet}
                onChange={setAuthToken}
              />
            </div>
            <div className="ch-grid ch-grid-2">
              <TextField
                label="API key SID (for agents' softphones)"
                path="apiKey"
                errors={errors}
                value={apiKey}
                placeholder="SK…"
                hint="Optional. Without it agents cannot take calls in the desktop."
                onChange={setApiKey}
              />
              <SecretField
                label="API key secret"
                path="apiSecret"
                errors={errors}
                value={apiSecret}
                stored={secretSet}
                onChange={setApiSecret}
              />
            </div>
          </fieldset>
          <fieldset className="ch-group">
            <legend>Public address</legend>
            <p className={`ch-callout ${effectiveUrl ? 'ch-callout-ok' : 'ch-callout-bad'}`}>
              {effectiveUrl
                ? `Twilio reaches this hub at ${effectiveUrl}. Point each number's messaging webhook at ${effectiveUrl}/twilio/sms/inbound and its voice webhook at ${effectiveUrl}/twilio/voice/incoming.`
                : 'This hub has no public address, so Twilio cannot reach it. Enter the address Twilio should use (for example a tunnel), or start the hub with --public-url.'}
            </p>
            <TextField
              label="Public address for Twilio"
              type="url"
              path="publicUrl"
              errors={errors}
              value={ownUrl}
              placeholder={publicUrl ?? 'https://hub.example.com'}
              hint={publicUrl ? `Blank: the hub's own (${publicUrl}).` : undefined}
              onChange={setOwnUrl}
              wide
            />
          </fieldset>
          <fieldset className="ch-group">
            <legend>Numbers</legend>
            {numbers.map((n, i) => (
              <div key={n.key} className="ch-row">
                <TextField
                  label="Number"
                  path={`numbers.${i}.number`}
                  errors={errors}
                  value={n.number}
                  placeholder="+15550001111"
                  onChange={(number) => patch(n.key, { number })}
                />
                <QueueField
                  label="Queue"
                  path={`numbers.${i}.queueId`}
                  errors={errors}
                  value={n.queueId}
                  queues={queues}
                  onChange={(queueId) => patch(n.key, { queueId })}
                />
                <div className="ch-row-checks">
                  <CheckField label="SMS" checked={n.sms} onChange={(sms) => patch(n.key, { sms })} />
                  <CheckField label="Calls" checked={n.voice} onChange={(voice) => patch(n.key, { voice })} />
                </div>
                {numbers.length > 1 && (
                  <button
                    type="button"
                    className="btn btn-ghost btn-small"
                    aria-label={`Remove ${n.number || 'this number'}`}
                    onClick={() => setNumbers((l) => l.filter((x) => x.key !== n.key))}
                  >
                    Remove
                  </button>
                )}
              </div>
            ))}
            <button type="button" className="btn btn-small ch-add" onClick={() => setNumbers((l) => [...l, numberDraft({}, queues)])}>
              Add a number
            </button>
          </fieldset>
        </>
      )}
    </SectionPanel>
  );
}

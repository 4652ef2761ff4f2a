import { useState } from 'react';
import type { SectionView } from '../../../../services/contracts';
import { CheckField, QueueField, SecretField, TextField } from './Field';
import { arr, bool, compact, isSet, obj, str, type Json } from './draft';
import { SectionPanel } from './SectionPanel';
import { useT } from '../../../i18n';

/** Settings key paths the fields show (the hub's issue paths), kept out of the markup. */
const paths = {
  accountSid: 'accountSid',
  authToken: 'authToken',
  apiKey: 'apiKey',
  apiSecret: 'apiSecret',
  publicUrl: 'publicUrl',
} as const;

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
  const { t } = useT('admin/channels');
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
      title={t('twilio.phoneAndSmsTwilio')}
      intro={t('twilio.callsAndTextMessages')}
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
            <legend>{t('twilio.account')}</legend>
            <div className="ch-grid ch-grid-2">
              <TextField
                label={t('twilio.accountSid')}
                path={paths.accountSid}
                errors={errors}
                value={accountSid}
                placeholder={t('twilio.ac')}
                onChange={setAccountSid}
              />
              <SecretField
                label={t('twilio.authToken')}
                path={paths.authToken}
                errors={errors}
                value={authToken}
                stored={tokenSet}
                onChange={setAuthToken}
              />
            </div>
            <div className="ch-grid ch-grid-2">
              <TextField
                label={t('twilio.apiKeySidFor')}
                path={paths.apiKey}
                errors={errors}
                value={apiKey}
                placeholder={t('twilio.sk')}
                hint={t('twilio.optionalWithoutItAgents')}
                onChange={setApiKey}
              />
              <SecretField
                label={t('twilio.apiKeySecret')}
                path={paths.apiSecret}
                errors={errors}
                value={apiSecret}
                stored={secretSet}
                onChange={setApiSecret}
              />
            </div>
          </fieldset>
          <fieldset className="ch-group">
            <legend>{t('twilio.publicAddress')}</legend>
            <p className={`ch-callout ${effectiveUrl ? 'ch-callout-ok' : 'ch-callout-bad'}`}>
              {effectiveUrl ? t('twilio.reachesAt', { url: effectiveUrl }) : t('twilio.noPublicAddress')}
            </p>
            <TextField
              label={t('twilio.publicAddressForTwilio')}
              type="url"
              path={paths.publicUrl}
              errors={errors}
              value={ownUrl}
              placeholder={publicUrl ?? t('twilio.urlExample')}
              hint={publicUrl ? t('twilio.blankHubOwn', { url: publicUrl }) : undefined}
              onChange={setOwnUrl}
              wide
            />
          </fieldset>
          <fieldset className="ch-group">
            <legend>{t('twilio.numbers')}</legend>
            {numbers.map((n, i) => (
              <div key={n.key} className="ch-row">
                <TextField
                  label={t('twilio.number')}
                  path={`numbers.${i}.number`}
                  errors={errors}
                  value={n.number}
                  placeholder={t('twilio.numberExample')}
                  onChange={(number) => patch(n.key, { number })}
                />
                <QueueField
                  label={t('twilio.queue')}
                  path={`numbers.${i}.queueId`}
                  errors={errors}
                  value={n.queueId}
                  queues={queues}
                  onChange={(queueId) => patch(n.key, { queueId })}
                />
                <div className="ch-row-checks">
                  <CheckField label={t('twilio.sms')} checked={n.sms} onChange={(sms) => patch(n.key, { sms })} />
                  <CheckField label={t('twilio.calls')} checked={n.voice} onChange={(voice) => patch(n.key, { voice })} />
                </div>
                {numbers.length > 1 && (
                  <button
                    type="button"
                    className="btn btn-ghost btn-small"
                    aria-label={t('twilio.removeLabel', { number: n.number || t('twilio.thisNumber') })}
                    onClick={() => setNumbers((l) => l.filter((x) => x.key !== n.key))}
                  >
                    {t('twilio.remove')}
                  </button>
                )}
              </div>
            ))}
            <button type="button" className="btn btn-small ch-add" onClick={() => setNumbers((l) => [...l, numberDraft({}, queues)])}>
              {t('twilio.addNumber')}
            </button>
          </fieldset>
        </>
      )}
    </SectionPanel>
  );
}

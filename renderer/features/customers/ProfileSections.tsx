import { useState } from 'react';
import type { AttributeDef, CommandOutput, IdentityKind } from '../../../services/contracts';
import { errorText } from '../../app/api';
import { useHubReady } from '../../app/hooks';
import { useT } from '../../i18n';
import { useUpdateCustomerMutation } from './customerApi';
import { formatDay } from './dates';

type Loaded360 = CommandOutput<'customer/get'>;

/** Catalogue keys (namespace 'customers') of each kind of identity. */
export const identityLabel: Record<IdentityKind, string> = {
  phone: 'identity.phone',
  email: 'identity.email',
  chat: 'identity.chat',
  external: 'identity.external',
};

/** A web chat id the hub made up for a visitor who proved nothing ("web-uFdW…"): meaningless to read. */
export const anonymousVisitor = (i: Readonly<{ kind: IdentityKind; value: string }>): boolean =>
  i.kind === 'chat' && i.value.startsWith('web-');

export function IdentityList({
  identities,
}: Readonly<{ identities: ReadonlyArray<{ kind: IdentityKind; value: string; shared?: boolean }> }>) {
  const { t } = useT('customers');
  if (identities.length === 0) return <p className="muted small">{t('identity.none')}</p>;
  return (
    <dl className="identities">
      {identities.map((i) => (
        <div key={`${i.kind}:${i.value}`}>
          <dt>{t(identityLabel[i.kind])}</dt>
          <dd className="selectable" title={anonymousVisitor(i) ? i.value : undefined}>
            {anonymousVisitor(i) ? t('identity.anonymous') : i.value}
            {i.shared && <span className="muted small"> {t('identity.shared')}</span>}
          </dd>
        </div>
      ))}
    </dl>
  );
}

function attributeText(def: AttributeDef | undefined, value: string | number): string {
  if (def?.type === 'date' && typeof value === 'string') {
    const at = Date.parse(`${value}T00:00:00`);
    return Number.isNaN(at) ? value : formatDay(at);
  }
  return String(value);
}

export function AttributeList({ data }: Readonly<{ data: Loaded360 }>) {
  const { t } = useT('customers');
  const { customer, attributeDefs } = data;
  const defs = new Map(attributeDefs.map((d) => [d.key, d]));
  const entries = Object.entries(customer.attributes);
  if (entries.length === 0 && !customer.company) return null;
  return (
    <dl className="identities attributes">
      {customer.company && (
        <div>
          <dt>{t('profile.company')}</dt>
          <dd>{customer.company}</dd>
        </div>
      )}
      {entries.map(([key, value]) => (
        <div key={key}>
          <dt title={key}>{defs.get(key)?.label ?? key}</dt>
          <dd>{attributeText(defs.get(key), value)}</dd>
        </div>
      ))}
    </dl>
  );
}

/** Tags: shown as chips; customer/update replaces the whole set, so edits send the full new list. */
export function TagEditor({ customerId, tags }: Readonly<{ customerId: number; tags: readonly string[] }>) {
  const { t } = useT('customers');
  const ready = useHubReady();
  const [text, setText] = useState('');
  const [update, state] = useUpdateCustomerMutation();
  const add = async (): Promise<void> => {
    const tag = text.trim();
    if (!tag || tags.includes(tag)) return setText('');
    try {
      await update({ customerId, tags: [...tags, tag] }).unwrap();
      setText('');
    } catch {
      // The error is shown under the field; the typed tag stays.
    }
  };
  return (
    <div className="tags">
      <ul className="tag-list" aria-label={t('profile.tags')}>
        {tags.map((tag) => (
          <li key={tag} className="tag">
            <span>{tag}</span>
            <button
              type="button"
              className="tag-remove"
              aria-label={t('profile.removeTag', { tag })}
              disabled={!ready || state.isLoading}
              onClick={() => void update({ customerId, tags: tags.filter((x) => x !== tag) })}
            >
              ×
            </button>
          </li>
        ))}
      </ul>
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          void add();
        }}
      >
        <label className="visually-hidden" htmlFor={`tag-${customerId}`}>
          {t('profile.newTag')}
        </label>
        <input
          id={`tag-${customerId}`}
          className="input-small"
          value={text}
          maxLength={40}
          placeholder={t('profile.addTag')}
          onChange={(e) => setText(e.target.value)}
        />
        <button type="submit" className="btn btn-small" disabled={!ready || state.isLoading || text.trim().length === 0}>
          {t('profile.add')}
        </button>
      </form>
      {state.error && (
        <p className="inline-error small" role="alert">
          {errorText(state.error)}
        </p>
      )}
    </div>
  );
}

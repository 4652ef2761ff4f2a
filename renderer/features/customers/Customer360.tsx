import { createContext, useContext, useId, type ReactNode } from 'react';
import type { Message } from '../../../services/contracts';
import { errorText } from '../../app/api';
import { useHubReady } from '../../app/hooks';
import { useT } from '../../i18n';
import { BackOfficeSection } from './BackOfficeSection';
import { useCustomerGetQuery, useCustomerSuggestionsQuery } from './customerApi';
import { CustomerTimeline } from './CustomerTimeline';
import { DuplicatesSection } from './DuplicatesSection';
import { NotesSection } from './NotesSection';
import { OutboundActions } from './OutboundActions';
import { AttributeList, IdentityList, TagEditor } from './ProfileSections';
import { CustomerVoiceSection } from '../voc/CustomerVoiceSection';

type Props = Readonly<{
  customerId: number;
  /** Shown while the profile loads (and if it cannot be loaded). */
  fallbackName: string;
  fallbackIdentities?: ReadonlyArray<{ kind: 'phone' | 'email' | 'chat' | 'external'; value: string }>;
  currentConversationId?: number;
  conversationNotes?: readonly Message[];
  onOpenedConversation?: () => void;
  titleId?: string;
  /** Shown under the customer's name, before the profile (e.g. what a chat visitor typed, unverified). */
  aside?: ReactNode;
}>;

// Two 360 views can be on screen (panel + search dialog): heading ids are made unique per view.
const IdPrefix = createContext('cs');

function Section({ id, title, children }: Readonly<{ id: string; title: string; children: ReactNode }>) {
  const headingId = `${useContext(IdPrefix)}-${id}`;
  return (
    <section className={`customer-section cs-${id}`} aria-labelledby={headingId}>
      <h3 id={headingId} className="cs-title">
        {title}
      </h3>
      {children}
    </section>
  );
}

export function initialsOf(name: string): string {
  return (
    name
      .split(/\s+/)
      .map((w) => w.charAt(0))
      .join('')
      .slice(0, 2)
      .toUpperCase() || '?'
  );
}

/** The customer 360 view: profile, contact, tags, duplicates, back office, notes and cross-channel history. */
export function Customer360({
  customerId,
  fallbackName,
  fallbackIdentities = [],
  currentConversationId,
  conversationNotes,
  onOpenedConversation,
  titleId = 'customer-title',
  aside,
}: Props) {
  const { t } = useT('customers');
  const prefix = useId();
  const ready = useHubReady();
  const first = useCustomerGetQuery(customerId, { skip: !ready });
  // A record merged away points at its survivor: show that one (its history now holds this contact's).
  const survivorId = first.data?.customer.mergedInto ?? null;
  const survivor = useCustomerGetQuery(survivorId ?? 0, { skip: !ready || survivorId === null });
  const shownId = survivorId ?? customerId;
  const data = survivorId === null ? first.data : survivor.data;
  const error = first.error ?? survivor.error;
  const name = data?.customer.displayName ?? fallbackName;
  const suggestions = useCustomerSuggestionsQuery(shownId, { skip: !ready });
  const openSuggestions = (suggestions.data ?? []).filter((x) => x.status === 'open');
  const identities = data?.customer.identities ?? fallbackIdentities;

  return (
    <IdPrefix.Provider value={prefix}>
      <header className="customer-head">
        <span className="avatar" aria-hidden="true">
          {initialsOf(name)}
        </span>
        <div className="customer-head-text">
          <h2 id={titleId} className="customer-name">
            {name}
          </h2>
          <div className="muted small">
            {t('customerNumber', { id: shownId })}
            {data?.customer.company ? ` · ${data.customer.company}` : ''}
          </div>
        </div>
      </header>
      {survivorId !== null && (
        <p className="banner banner-info small" role="note">
          {t('mergedInto', { id: customerId, survivor: survivorId })}
        </p>
      )}
      {openSuggestions.length > 0 && (
        <p className="banner banner-warn small dup-banner" role="note">
          {t('duplicateBanner', { count: openSuggestions.length })}{' '}
          <button
            type="button"
            className="btn btn-small"
            onClick={(e) =>
              e.currentTarget.closest('.customer-panel')?.querySelector('.cs-duplicates')?.scrollIntoView?.({ block: 'start' })
            }
          >
            {t('review')}
          </button>
        </p>
      )}
      {aside}
      {error && (
        <p className="inline-error small pad" role="alert">
          {t('profileUnavailable', { error: errorText(error) })}
        </p>
      )}
      <div className="customer-body">
        <Section id="contact" title={t('section.contact')}>
          <IdentityList identities={identities} />
          <OutboundActions
            customerId={shownId}
            identities={identities}
            currentConversationId={currentConversationId}
            onOpened={onOpenedConversation}
          />
        </Section>
        <Section id="voice" title={t('section.voice')}>
          <CustomerVoiceSection customerId={shownId} currentConversationId={currentConversationId} />
        </Section>
        <Section id="timeline" title={t('section.timeline')}>
          <CustomerTimeline customerId={shownId} currentConversationId={currentConversationId} />
        </Section>
        <Section id="notes" title={t('section.notes')}>
          <NotesSection customerId={shownId} notes={data?.notes ?? []} conversationNotes={conversationNotes} />
        </Section>
        {data && (
          <>
            <Section id="profile" title={t('section.profile')}>
              <AttributeList data={data} />
              <TagEditor customerId={shownId} tags={data.customer.tags} />
            </Section>
            <Section id="duplicates" title={t('section.duplicates')}>
              <DuplicatesSection customerId={shownId} data={data} />
            </Section>
            <Section id="backoffice" title={t('section.backoffice')}>
              <BackOfficeSection customerId={shownId} />
            </Section>
          </>
        )}
      </div>
    </IdPrefix.Provider>
  );
}

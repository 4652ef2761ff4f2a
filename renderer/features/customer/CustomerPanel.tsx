import type { ReactNode } from 'react';
import type { CommandOutput, IdentityKind } from '../../../services/contracts';
import { formatDateTime } from '../../common/time';
import { Timeline } from './Timeline';
import { timelineFromConversation } from './timeline';

type Loaded = CommandOutput<'conversation/get'>;

/**
 * One section of the customer panel. The 360 features (profile attributes, tags, back-office, duplicates
 * with merge) arrive as more entries here, each fetching what it needs; the panel itself does not change.
 */
export type CustomerSection = Readonly<{ id: string; title: string; render: (data: Loaded) => ReactNode }>;

const identityLabel: Record<IdentityKind, string> = { phone: 'Phone', email: 'Email', chat: 'Chat', external: 'External ID' };

const identitiesSection: CustomerSection = {
  id: 'identities',
  title: 'Contact details',
  render: ({ customer }) =>
    customer.identities.length === 0 ? (
      <p className="muted small">No known identities.</p>
    ) : (
      <dl className="identities">
        {customer.identities.map((i) => (
          <div key={`${i.kind}:${i.value}`}>
            <dt>{identityLabel[i.kind]}</dt>
            <dd className="selectable">{i.value}</dd>
          </div>
        ))}
      </dl>
    ),
};

const notesSection: CustomerSection = {
  id: 'notes',
  title: 'Notes',
  render: ({ messages }) => {
    const notes = messages.filter((m) => m.direction === 'note');
    return notes.length === 0 ? (
      <p className="muted small">No notes on this conversation.</p>
    ) : (
      <ul className="notes" role="list">
        {notes.map((n) => (
          <li key={n.id} className="note">
            <div className="note-text">{n.bodyText}</div>
            <div className="muted small">{formatDateTime(n.createdAt)}</div>
          </li>
        ))}
      </ul>
    );
  },
};

const timelineSection: CustomerSection = {
  id: 'timeline',
  title: 'Timeline',
  render: (data) => <Timeline items={timelineFromConversation(data)} />,
};

export const customerSections: readonly CustomerSection[] = [identitiesSection, notesSection, timelineSection];

export function CustomerPanel({ data, sections = customerSections }: Readonly<{ data: Loaded; sections?: readonly CustomerSection[] }>) {
  const { customer } = data;
  const initials = customer.displayName
    .split(/\s+/)
    .map((w) => w.charAt(0))
    .join('')
    .slice(0, 2)
    .toUpperCase();
  return (
    <aside className="customer-panel" aria-labelledby="customer-title">
      <header className="customer-head">
        <span className="avatar" aria-hidden="true">
          {initials || '?'}
        </span>
        <div>
          <h2 id="customer-title" className="customer-name">
            {customer.displayName}
          </h2>
          <div className="muted small">Customer #{customer.id}</div>
        </div>
      </header>
      {sections.map((section) => (
        <section key={section.id} className={`customer-section cs-${section.id}`} aria-labelledby={`cs-${section.id}`}>
          <h3 id={`cs-${section.id}`} className="cs-title">
            {section.title}
          </h3>
          {section.render(data)}
        </section>
      ))}
    </aside>
  );
}

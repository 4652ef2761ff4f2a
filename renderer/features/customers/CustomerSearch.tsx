import { useEffect, useId, useState } from 'react';
import type { CustomerSearchHit } from '../../../services/contracts';
import { errorText } from '../../app/api';
import { useHubReady } from '../../app/hooks';
import { Dialog } from '../../common/Dialog';
import { useT } from '../../i18n';
import { Customer360 } from './Customer360';
import { useCustomerSearchQuery } from './customerApi';
import { identityLabel } from './ProfileSections';

const DEBOUNCE_MS = 250;

/** Search customers by name, phone, email or id (customer/search) and open a profile to contact them. */
export function CustomerSearch() {
  const { t } = useT('customers');
  const ready = useHubReady();
  const listId = useId();
  const [text, setText] = useState('');
  const [query, setQuery] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const [chosen, setChosen] = useState<CustomerSearchHit | null>(null);
  useEffect(() => {
    const timer = setTimeout(() => setQuery(text.trim()), DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text]);
  const { data, error, isFetching } = useCustomerSearchQuery(query, { skip: !ready || query.length === 0 });
  const hits = query.length > 0 ? (data?.hits ?? []) : [];
  const showList = open && query.length > 0 && chosen === null;

  const choose = (hit: CustomerSearchHit | undefined): void => {
    if (!hit) return;
    setChosen(hit);
    setOpen(false);
  };

  return (
    <div className="customer-search" role="search">
      <label className="visually-hidden" htmlFor={`${listId}-input`}>
        {t('search.label')}
      </label>
      <input
        id={`${listId}-input`}
        type="search"
        className="search-input"
        placeholder={t('search.placeholder')}
        value={text}
        disabled={!ready}
        role="combobox"
        aria-expanded={showList}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={showList && hits[active] ? `${listId}-${hits[active].customerId}` : undefined}
        onChange={(e) => {
          setText(e.target.value);
          setOpen(true);
          setActive(0);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setTimeout(() => setOpen(false), 150)}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') setActive((i) => Math.min(i + 1, hits.length - 1));
          else if (e.key === 'ArrowUp') setActive((i) => Math.max(i - 1, 0));
          else if (e.key === 'Enter') choose(hits[active]);
          else if (e.key === 'Escape') setOpen(false);
          else return;
          e.preventDefault();
        }}
      />
      {showList && (
        <ul id={listId} className="search-results" role="listbox" aria-label={t('search.results')} aria-busy={isFetching}>
          {error ? (
            <li className="inline-error small">{errorText(error)}</li>
          ) : hits.length === 0 ? (
            <li className="muted small">{isFetching || query !== text.trim() ? t('search.searching') : t('search.none')}</li>
          ) : (
            hits.map((hit, i) => (
              <li
                key={hit.customerId}
                id={`${listId}-${hit.customerId}`}
                role="option"
                aria-selected={i === active}
                className={`search-hit${i === active ? ' active' : ''}`}
                onMouseDown={(e) => e.preventDefault()}
                onClick={() => choose(hit)}
              >
                <strong>{hit.displayName}</strong>
                {hit.company && <span className="muted"> · {hit.company}</span>}
                <div className="muted small">
                  {hit.identities
                    .slice(0, 3)
                    .map((id) => `${t(identityLabel[id.kind])} ${id.value}`)
                    .join(' · ')}
                </div>
              </li>
            ))
          )}
        </ul>
      )}
      {chosen && (
        <Dialog title={t('search.dialogTitle', { name: chosen.displayName })} onClose={() => setChosen(null)}>
          <div className="customer-dialog customer-panel">
            <button type="button" className="btn btn-ghost btn-small dialog-close" onClick={() => setChosen(null)}>
              {t('close')}
            </button>
            <Customer360
              titleId={`${listId}-title`}
              customerId={chosen.customerId}
              fallbackName={chosen.displayName}
              fallbackIdentities={chosen.identities}
              onOpenedConversation={() => setChosen(null)}
            />
          </div>
        </Dialog>
      )}
    </div>
  );
}

import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef } from 'react';
import type { AdminAgent } from '../../../../services/contracts';
import { roleLabel } from '../common/format';
import { i18n, useT } from '../../../i18n';

const ROW_HEIGHT = 48;

/** One line for capacity, in the form's order and words: "Calls 1 · SMS 3 · Emails 2 · Chats 3". */
function capacityText(a: AdminAgent): string {
  const c = a.capacity;
  return i18n.t('table.capacityLine', { ns: 'admin/agents', voice: c.voice, sms: c.sms, email: c.email, chat: c.chat });
}

function skillsText(a: AdminAgent): string {
  const entries = Object.entries(a.skills).sort(([x], [y]) => x.localeCompare(y));
  return entries.length ? entries.map(([k, v]) => `${k} ${v}`).join(', ') : '—';
}

/**
 * The agents as a table whose rows are rendered only when scrolled into view: a center with thousands of
 * agents scrolls as smoothly as one with ten. ARIA table roles keep it a table for screen readers.
 */
export function AgentTable({
  agents,
  selectedId,
  onSelect,
}: Readonly<{ agents: readonly AdminAgent[]; selectedId: number | null; onSelect: (agent: AdminAgent) => void }>) {
  const scroller = useRef<HTMLDivElement>(null);
  const { t } = useT('admin/agents');
  const virtualizer = useVirtualizer({
    count: agents.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
  });
  return (
    <div className="adm-vtable" role="table" aria-label={t('table.label')} aria-rowcount={agents.length + 1}>
      <div className="adm-vrow adm-vhead" role="row" aria-rowindex={1}>
        <span role="columnheader">{t('table.name')}</span>
        <span role="columnheader">{t('table.role')}</span>
        <span role="columnheader">{t('table.skills')}</span>
        <span role="columnheader">{t('table.capacity')}</span>
        <span role="columnheader">{t('table.status')}</span>
      </div>
      <div className="adm-vscroll" ref={scroller}>
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }} role="rowgroup">
          {virtualizer.getVirtualItems().map((item) => {
            const a = agents[item.index]!;
            return (
              <div
                key={a.id}
                role="row"
                aria-rowindex={item.index + 2}
                aria-selected={a.id === selectedId}
                className={`adm-vrow adm-vbody${a.id === selectedId ? ' adm-selected' : ''}${a.disabled ? ' adm-dim' : ''}`}
                style={{ position: 'absolute', top: 0, left: 0, right: 0, height: ROW_HEIGHT, transform: `translateY(${item.start}px)` }}
                onClick={() => onSelect(a)}
              >
                <span role="cell" className="adm-name-cell">
                  <button type="button" className="adm-linkish adm-strong" onClick={() => onSelect(a)}>
                    {a.displayName}
                  </button>
                  <span className="muted small mono">{a.username}</span>
                </span>
                <span role="cell">{roleLabel(a.role)}</span>
                <span role="cell" className="adm-ellipsis" title={skillsText(a)}>
                  {skillsText(a)}
                </span>
                <span role="cell" className="adm-ellipsis small" title={capacityText(a)}>
                  {capacityText(a)}
                </span>
                <span role="cell" className="adm-status-cell">
                  <AgentStatus agent={a} />
                </span>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}

/**
 * Disabled / temporary password / signed in, as small labelled pills. In the table only what stands out is
 * shown (an enabled account is the normal case); the details panel says "Enabled" too.
 */
export function AgentStatus({ agent, showEnabled = false }: Readonly<{ agent: AdminAgent; showEnabled?: boolean }>) {
  const quiet = !agent.disabled && !agent.mustChangePassword && !agent.connected;
  const { t } = useT('admin/agents');
  return (
    <>
      {agent.disabled ? (
        <span className="adm-pill adm-pill-off">{t('status.disabled')}</span>
      ) : (
        showEnabled && <span className="adm-pill adm-pill-on">{t('status.enabled')}</span>
      )}
      {agent.mustChangePassword && <span className="adm-pill adm-pill-warn">{t('status.temporary')}</span>}
      {agent.connected && <span className="adm-pill adm-pill-live">{t('status.signedIn')}</span>}
      {quiet && !showEnabled && <span className="muted small">{t('status.signedOut')}</span>}
    </>
  );
}

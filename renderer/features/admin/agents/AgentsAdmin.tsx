import { useMemo, useState } from 'react';
import { Role, type AdminAgent } from '../../../../services/contracts';
import { errorText } from '../../../app/api';
import { useAppSelector, useHubReady } from '../../../app/hooks';
import { Dialog } from '../../../common/Dialog';
import { roleLabel } from '../common/format';
import { SectionHeader } from '../common/SectionHeader';
import { AgentForm } from './AgentForm';
import { filterAgents, statusFilters, type AgentFilter, type AgentStatusFilter } from './agentFilters';
import { useT } from '../../../i18n';
import { useAdminAgentListQuery, useAgentSetDisabledMutation } from './agentsApi';
import { AgentStatus, AgentTable } from './AgentTable';
import { ResetPasswordDialog } from './ResetPasswordDialog';

type Editing = { kind: 'none' } | { kind: 'new' } | { kind: 'agent'; username: string };

const noAgents: readonly AdminAgent[] = [];
const anyRole = 'all';

/** Agents: find, create, edit (role, skills, capacity), disable or enable, reset a password. */
export function AgentsAdmin() {
  const ready = useHubReady();
  const { t } = useT('admin/agents');
  const { data, error, isLoading } = useAdminAgentListQuery(undefined, { skip: !ready });
  const agents = data?.agents ?? noAgents;
  const [filter, setFilter] = useState<AgentFilter>({ text: '', role: 'all', status: 'all' });
  const [editing, setEditing] = useState<Editing>({ kind: 'none' });
  const [notice, setNotice] = useState<string | null>(null);
  const shown = useMemo(() => filterAgents(agents, filter), [agents, filter]);
  const selected = editing.kind === 'agent' ? agents.find((a) => a.username === editing.username) : undefined;

  return (
    <div className="adm-split">
      <section className="adm-panel adm-list-panel" aria-label={t('list.label')}>
        <SectionHeader title={t('list.title')} count={agents.length}>
          <button
            type="button"
            className="btn btn-primary"
            onClick={() => {
              setEditing({ kind: 'new' });
              setNotice(null);
            }}
          >
            {t('list.new')}
          </button>
        </SectionHeader>
        <div className="adm-toolbar">
          <input
            type="search"
            className="adm-search"
            placeholder={t('list.searchPlaceholder')}
            aria-label={t('list.search')}
            value={filter.text}
            onChange={(e) => setFilter({ ...filter, text: e.target.value })}
          />
          <select
            aria-label={t('filter.role')}
            value={filter.role}
            onChange={(e) => setFilter({ ...filter, role: e.target.value as AgentFilter['role'] })}
          >
            <option value={anyRole}>{t('filter.anyRole')}</option>
            {Role.options.map((r) => (
              <option key={r} value={r}>
                {roleLabel(r)}
              </option>
            ))}
          </select>
          <select
            aria-label={t('filter.status.label')}
            value={filter.status}
            onChange={(e) => setFilter({ ...filter, status: e.target.value as AgentStatusFilter })}
          >
            {statusFilters.map((value) => (
              <option key={value} value={value}>
                {t(`filter.status.${value}`)}
              </option>
            ))}
          </select>
        </div>
        {notice && (
          <p className="adm-notice" role="status">
            {notice}
          </p>
        )}
        {error ? (
          <p className="form-error" role="alert">
            {t('list.loadFailed', { error: errorText(error) })}
          </p>
        ) : isLoading || !data ? (
          <p className="empty pad">{t('list.loading')}</p>
        ) : shown.length === 0 ? (
          <p className="empty pad">{agents.length === 0 ? t('list.none') : t('list.noMatch')}</p>
        ) : (
          <AgentTable
            agents={shown}
            selectedId={selected?.id ?? null}
            onSelect={(a) => {
              setEditing({ kind: 'agent', username: a.username });
              setNotice(null);
            }}
          />
        )}
      </section>
      <section className="adm-panel adm-editor" aria-label={t('details.label')}>
        {editing.kind === 'new' ? (
          <>
            <SectionHeader title={t('list.new')} />
            <AgentForm
              knownSkills={data?.knownSkills ?? []}
              onCancel={() => setEditing({ kind: 'none' })}
              onSaved={(username, message) => {
                setEditing({ kind: 'agent', username });
                setNotice(message);
              }}
            />
          </>
        ) : selected ? (
          <AgentDetails
            key={selected.id}
            agent={selected}
            knownSkills={data?.knownSkills ?? []}
            onDone={(message) => setNotice(message)}
            onClose={() => setEditing({ kind: 'none' })}
          />
        ) : (
          <div className="adm-placeholder">
            <p className="muted">{t('details.placeholder')}</p>
          </div>
        )}
      </section>
    </div>
  );
}

function AgentDetails({
  agent,
  knownSkills,
  onDone,
  onClose,
}: Readonly<{ agent: AdminAgent; knownSkills: readonly string[]; onDone: (message: string) => void; onClose: () => void }>) {
  const ready = useHubReady();
  const { t } = useT('admin/agents');
  const me = useAppSelector((s) => s.session.session?.agent.id);
  const [setDisabled, { isLoading: switching }] = useAgentSetDisabledMutation();
  const [confirmDisable, setConfirmDisable] = useState(false);
  const [resetting, setResetting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const isMe = agent.id === me;

  const toggle = async (disabled: boolean): Promise<void> => {
    try {
      await setDisabled({ agentId: agent.id, disabled }).unwrap();
      setConfirmDisable(false);
      setError(null);
      onDone(disabled ? t('details.disabledNotice', { name: agent.displayName }) : t('details.enabledNotice', { name: agent.displayName }));
    } catch (e) {
      setError(errorText(e));
    }
  };

  return (
    <>
      <SectionHeader title={agent.displayName}>
        <button type="button" className="btn btn-small btn-ghost" onClick={onClose} aria-label={t('details.closeLabel')}>
          {t('details.close')}
        </button>
      </SectionHeader>
      <div className="adm-status-line">
        <AgentStatus agent={agent} showEnabled />
      </div>
      <div className="adm-actions-row">
        {agent.disabled ? (
          <button type="button" className="btn" disabled={!ready || switching} onClick={() => void toggle(false)}>
            {t('details.enable')}
          </button>
        ) : (
          <button
            type="button"
            className="btn adm-danger"
            disabled={!ready || switching || isMe}
            title={isMe ? t('details.notYourself') : undefined}
            onClick={() => setConfirmDisable(true)}
          >
            {t('details.disable')}
          </button>
        )}
        <button
          type="button"
          className="btn"
          disabled={!ready || isMe}
          title={isMe ? t('details.useAccountMenu') : undefined}
          onClick={() => setResetting(true)}
        >
          {t('details.resetPassword')}
        </button>
      </div>
      {error && (
        <p className="inline-error adm-pad-x" role="alert">
          {error}
        </p>
      )}
      <AgentForm agent={agent} knownSkills={knownSkills} onCancel={onClose} onSaved={(_u, message) => onDone(message)} />
      {confirmDisable && (
        <Dialog title={t('disable.title', { name: agent.displayName })} onClose={() => setConfirmDisable(false)}>
          <div className="dialog-body">
            <p>{t('disable.text')}</p>
            <div className="dialog-actions">
              <button type="button" className="btn" onClick={() => setConfirmDisable(false)}>
                {t('disable.cancel')}
              </button>
              <button type="button" className="btn btn-primary adm-danger-solid" disabled={switching} onClick={() => void toggle(true)}>
                {t('disable.confirm')}
              </button>
            </div>
          </div>
        </Dialog>
      )}
      {resetting && (
        <ResetPasswordDialog
          agent={agent}
          onClose={() => {
            setResetting(false);
          }}
        />
      )}
    </>
  );
}

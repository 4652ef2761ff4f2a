import { useMemo, useState } from 'react';
import { Role, type AdminAgent } from '../../../../services/contracts';
import { errorText } from '../../../app/api';
import { useAppSelector, useHubReady } from '../../../app/hooks';
import { Dialog } from '../../../common/Dialog';
import { roleLabel } from '../common/format';
import { SectionHeader } from '../common/SectionHeader';
import { AgentForm } from './AgentForm';
import { filterAgents, statusFilterLabels, type AgentFilter, type AgentStatusFilter } from './agentFilters';
import { useAdminAgentListQuery, useAgentSetDisabledMutation } from './agentsApi';
import { AgentStatus, AgentTable } from './AgentTable';
import { ResetPasswordDialog } from './ResetPasswordDialog';

type Editing = { kind: 'none' } | { kind: 'new' } | { kind: 'agent'; username: string };

const noAgents: readonly AdminAgent[] = [];

/** Agents: find, create, edit (role, skills, capacity), disable or enable, reset a password. */
export function AgentsAdmin() {
  const ready = useHubReady();
  const { data, error, isLoading } = useAdminAgentListQuery(undefined, { skip: !ready });
  const agents = data?.agents ?? noAgents;
  const [filter, setFilter] = useState<AgentFilter>({ text: '', role: 'all', status: 'all' });
  const [editing, setEditing] = useState<Editing>({ kind: 'none' });
  const [notice, setNotice] = useState<string | null>(null);
  const shown = useMemo(() => filterAgents(agents, filter), [agents, filter]);
  const selected = editing.kind === 'agent' ? agents.find((a) => a.username === editing.username) : undefined;

  return (
    <div className="adm-split">
      <section className="adm-panel adm-list-panel" aria-label="Agent list">
        <SectionHeader title="Agents" count={agents.length}>
          <button
            type="button"
            className="btn btn-primary"
            onClick={() => {
              setEditing({ kind: 'new' });
              setNotice(null);
            }}
          >
            New agent
          </button>
        </SectionHeader>
        <div className="adm-toolbar">
          <input
            type="search"
            className="adm-search"
            placeholder="Search name, username or skill"
            aria-label="Search agents"
            value={filter.text}
            onChange={(e) => setFilter({ ...filter, text: e.target.value })}
          />
          <select
            aria-label="Filter by role"
            value={filter.role}
            onChange={(e) => setFilter({ ...filter, role: e.target.value as AgentFilter['role'] })}
          >
            <option value="all">Any role</option>
            {Role.options.map((r) => (
              <option key={r} value={r}>
                {roleLabel(r)}
              </option>
            ))}
          </select>
          <select
            aria-label="Filter by status"
            value={filter.status}
            onChange={(e) => setFilter({ ...filter, status: e.target.value as AgentStatusFilter })}
          >
            {Object.entries(statusFilterLabels).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
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
            Could not load the agents: {errorText(error)}
          </p>
        ) : isLoading || !data ? (
          <p className="empty pad">Loading agents…</p>
        ) : shown.length === 0 ? (
          <p className="empty pad">{agents.length === 0 ? 'No agents yet.' : 'No agent matches these filters.'}</p>
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
      <section className="adm-panel adm-editor" aria-label="Agent details">
        {editing.kind === 'new' ? (
          <>
            <SectionHeader title="New agent" />
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
            <p className="muted">Select an agent to edit their role, skills and capacity, or create a new one.</p>
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
      onDone(disabled ? `${agent.displayName} is disabled and was signed out.` : `${agent.displayName} can sign in again.`);
    } catch (e) {
      setError(errorText(e));
    }
  };

  return (
    <>
      <SectionHeader title={agent.displayName}>
        <button type="button" className="btn btn-small btn-ghost" onClick={onClose} aria-label="Close agent details">
          Close
        </button>
      </SectionHeader>
      <div className="adm-status-line">
        <AgentStatus agent={agent} showEnabled />
      </div>
      <div className="adm-actions-row">
        {agent.disabled ? (
          <button type="button" className="btn" disabled={!ready || switching} onClick={() => void toggle(false)}>
            Enable agent
          </button>
        ) : (
          <button
            type="button"
            className="btn adm-danger"
            disabled={!ready || switching || isMe}
            title={isMe ? 'You cannot disable your own account' : undefined}
            onClick={() => setConfirmDisable(true)}
          >
            Disable agent…
          </button>
        )}
        <button
          type="button"
          className="btn"
          disabled={!ready || isMe}
          title={isMe ? 'Use "Change password" in your account menu' : undefined}
          onClick={() => setResetting(true)}
        >
          Reset password…
        </button>
      </div>
      {error && (
        <p className="inline-error adm-pad-x" role="alert">
          {error}
        </p>
      )}
      <AgentForm agent={agent} knownSkills={knownSkills} onCancel={onClose} onSaved={(_u, message) => onDone(message)} />
      {confirmDisable && (
        <Dialog title={`Disable ${agent.displayName}?`} onClose={() => setConfirmDisable(false)}>
          <div className="dialog-body">
            <p>They are signed out everywhere at once and cannot sign in until an administrator enables them again. Their history stays.</p>
            <div className="dialog-actions">
              <button type="button" className="btn" onClick={() => setConfirmDisable(false)}>
                Cancel
              </button>
              <button type="button" className="btn btn-primary adm-danger-solid" disabled={switching} onClick={() => void toggle(true)}>
                Disable
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

import type { FastifyBaseLogger } from 'fastify';

/** Who did it: a signed-in agent/supervisor/admin, an API key, or the hub itself (jobs, imports). */
export type AuditActor = Readonly<{ kind: 'agent'; agentId: number } | { kind: 'apiKey'; keyId: number } | { kind: 'system' }>;

/**
 * One audited change. `action` is a stable dotted name ("agent.created", "queue.updated", "settings.email.updated",
 * "customer.merged", "session.signedIn"); `target` names the thing changed ("agent:12", "queue:support");
 * `detail` holds what changed, never a secret or a password.
 */
export type AuditEntry = Readonly<{ action: string; target?: string; detail?: Readonly<Record<string, unknown>> }>;

/** Who changed what and when: admin and supervisor actions, merges, sign-ins (see the admin console's Audit log). */
export type AuditTrail = Readonly<{ record(actor: AuditActor, entry: AuditEntry): Promise<void> }>;

/** Until the audit store is wired: entries go to the log at debug level so nothing that calls it breaks. */
export function loggingAuditTrail(log: FastifyBaseLogger): AuditTrail {
  return {
    async record(actor, entry) {
      log.debug({ audit: { actor, ...entry } }, 'audit');
    },
  };
}

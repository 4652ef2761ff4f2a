import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { bearerToken, type AgentAuth } from '../../hub/agentAuth';
import type { Store } from '../../store/store';
import type { AttachmentStore } from './attachmentStore';
import { inboundEmailMeta } from './repo';

const Params = z.object({ messageId: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });
const KeptSourceMeta = z.object({ email: z.object({ source: z.object({ sha256: z.string().regex(/^[0-9a-f]{64}$/) }) }) });

/**
 * GET /api/email/messages/:messageId/source: the raw RFC 822 source kept for an unreadable or truncated
 * inbound email, for a signed-in agent (Authorization: Bearer <session token>, the same session the desk's
 * socket uses). Only sources recorded on a message are served, never an arbitrary file by hash. Always a
 * download (octet-stream, nosniff, sandbox CSP): hostile mail is never rendered by the browser.
 */
export function registerSourceRoute(app: FastifyInstance, deps: Readonly<{ store: Store; auth: AgentAuth; files: AttachmentStore }>): void {
  app.get<{ Params: { messageId: string } }>('/api/email/messages/:messageId/source', async (request, reply) => {
    // The session as it is now: a signed-out, disabled or expired user is refused.
    if ('refused' in (await deps.auth.authenticate(bearerToken(request.headers.authorization)))) {
      return reply.code(401).send({ code: 'unauthenticated', message: 'sign in to download email sources' });
    }
    const params = Params.safeParse(request.params);
    if (!params.success) return reply.code(404).send({ code: 'not_found', message: 'no such message' });
    const meta = await inboundEmailMeta(deps.store, params.data.messageId);
    let sha256: string | undefined;
    try {
      const kept = KeptSourceMeta.safeParse(meta !== undefined ? JSON.parse(meta) : null);
      sha256 = kept.success ? kept.data.email.source.sha256 : undefined;
    } catch {
      sha256 = undefined;
    }
    if (!sha256) return reply.code(404).send({ code: 'not_found', message: 'no raw source is kept for this message' });
    const file = deps.files.pathFor(sha256);
    let size: number | null;
    try {
      size = (await stat(file)).size;
    } catch {
      size = null;
    }
    if (size === null) return reply.code(404).send({ code: 'not_found', message: 'the raw source file is missing' });
    return reply
      .header('content-type', 'application/octet-stream')
      .header('content-length', size)
      .header('x-content-type-options', 'nosniff')
      .header('content-security-policy', "default-src 'none'; sandbox")
      .header('cache-control', 'private, no-store')
      .header('content-disposition', `attachment; filename="email-${params.data.messageId}.eml"`)
      .send(createReadStream(file));
  });
}

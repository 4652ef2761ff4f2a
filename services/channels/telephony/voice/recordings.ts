import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { VoiceRecording } from '../../../contracts';
import { getRecording, recordingsOfConversation } from '../repo';
import type { TwilioRuntime } from '../runtime';

/** A link is good for this long: enough to start playing and seek; the desk asks again after. */
const LINK_TTL_MS = 10 * 60_000;
export const RECORDING_ROUTE = '/api/voice/recordings';
const Sid = z.string().regex(/^RE[0-9a-fA-F]{32}$/);
const Ticket = z.object({
  exp: z.coerce.number().int().positive(),
  agent: z.coerce.number().int().positive(),
  sig: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
});

/**
 * Recordings and voicemails play in the desk through the hub: `voice/recordings` hands out links carrying a
 * short-lived HMAC ticket (an <audio> element cannot send the bearer token), and this route fetches the
 * audio from Twilio with the hub's credentials and streams it back, Range requests included, so the
 * renderer never sees a Twilio URL or credential. The audio URL is built from the recording SID on Twilio's
 * API host, never taken from a stored URL, so the credentials cannot be sent anywhere else.
 */
export class RecordingLinks {
  private readonly secret = randomBytes(32);

  constructor(private readonly rt: TwilioRuntime) {}

  private sign(recordingSid: string, agentId: number, exp: number): string {
    return createHmac('sha256', this.secret).update(`${recordingSid}|${agentId}|${exp}`).digest('base64url');
  }

  async list(conversationId: number, agentId: number): Promise<VoiceRecording[]> {
    const exp = this.rt.now() + LINK_TTL_MS;
    return (await recordingsOfConversation(this.rt.store, conversationId)).map((r) => ({
      recordingSid: r.recordingSid,
      conversationId: r.conversationId,
      kind: r.kind,
      durationS: r.durationS,
      createdAt: r.createdAt,
      url: `${RECORDING_ROUTE}/${r.recordingSid}?${new URLSearchParams({ exp: String(exp), agent: String(agentId), sig: this.sign(r.recordingSid, agentId, exp) }).toString()}`,
    }));
  }

  private valid(recordingSid: string, query: unknown): boolean {
    const t = Ticket.safeParse(query);
    if (!t.success || t.data.exp < this.rt.now()) return false;
    const expected = Buffer.from(this.sign(recordingSid, t.data.agent, t.data.exp));
    const given = Buffer.from(t.data.sig);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }

  /** Where the audio is: Twilio's API host (or the configured REST base in tests), by SID. */
  private mediaUrl(recordingSid: string): string {
    const path = `/2010-04-01/Accounts/${this.rt.config.accountSid}/Recordings/${recordingSid}.mp3`;
    const base = this.rt.config.restBaseUrl?.replace(/\/+$/, '') ?? 'https://api.twilio.com';
    return `${base}${path}`;
  }

  private authorization(): string {
    const { apiKey, apiSecret, accountSid, authToken } = this.rt.config;
    const pair = apiKey && apiSecret ? `${apiKey}:${apiSecret}` : `${accountSid}:${authToken}`;
    return `Basic ${Buffer.from(pair).toString('base64')}`;
  }

  /** Serves one signed recording link: the hub fetches the audio from Twilio with its own credentials. */
  async serve(request: FastifyRequest<{ Params: { sid: string } }>, reply: FastifyReply): Promise<FastifyReply> {
    {
      const sid = Sid.safeParse(request.params.sid);
      if (!sid.success || !this.valid(sid.data, request.query)) {
        return reply
          .code(403)
          .send({ code: 'forbidden', message: 'this recording link is not valid (or has expired); open it again from the desk' });
      }
      if (!(await getRecording(this.rt.store, sid.data))) return reply.code(404).send({ code: 'not_found', message: 'no such recording' });
      const range = request.headers.range;
      let upstream: Response;
      try {
        upstream = await fetch(this.mediaUrl(sid.data), {
          headers: { authorization: this.authorization(), ...(typeof range === 'string' ? { range } : {}) },
          signal: AbortSignal.timeout(15_000),
        });
      } catch (error) {
        this.rt.log.warn({ err: error, recordingSid: sid.data }, 'could not fetch a recording from Twilio');
        return reply.code(502).send({ code: 'channel_unavailable', message: 'Twilio did not answer for this recording' });
      }
      if (!upstream.ok || !upstream.body) {
        this.rt.log.warn({ status: upstream.status, recordingSid: sid.data }, 'Twilio refused a recording');
        return reply.code(upstream.status === 404 ? 404 : 502).send({
          code: upstream.status === 404 ? 'not_found' : 'channel_unavailable',
          message: `Twilio answered ${upstream.status} for this recording`,
        });
      }
      reply.code(upstream.status === 206 ? 206 : 200);
      reply.header('content-type', upstream.headers.get('content-type') ?? 'audio/mpeg');
      reply.header('cache-control', 'private, no-store');
      reply.header('accept-ranges', 'bytes');
      for (const h of ['content-length', 'content-range']) {
        const v = upstream.headers.get(h);
        if (v) reply.header(h, v);
      }
      return reply.send(Readable.fromWeb(upstream.body as WebReadableStream<Uint8Array>));
    }
  }
}

/**
 * The recordings route, registered once for the hub's life (telephony is set up again live when its settings
 * change): it answers from the current setup's links, or says phone calls are not set up.
 */
export function registerRecordingRoute(app: FastifyInstance, current: () => RecordingLinks | null): void {
  app.get<{ Params: { sid: string } }>(`${RECORDING_ROUTE}/:sid`, async (request, reply) => {
    const links = current();
    if (!links) return reply.code(404).send({ code: 'channel_unavailable', message: 'Phone calls are not set up on this hub.' });
    return links.serve(request, reply);
  });
}

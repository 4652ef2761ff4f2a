import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rm, stat, statfs, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyBaseLogger, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { VisitorAttachment } from '../../contracts';
import type { Store } from '../../store/store';
import type { WebchatConfig } from './config';
import { VisitorFault } from './fault';
import { conversationUploadBytes, uploadReferences } from './repo';

/** File types the widget may upload, each with the leading bytes a genuine file of that type has. */
const signatures: Record<string, (b: Uint8Array) => boolean> = {
  'image/png': (b) => startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  'image/jpeg': (b) => startsWith(b, [0xff, 0xd8, 0xff]),
  'image/gif': (b) => startsWith(b, [0x47, 0x49, 0x46, 0x38]),
  'application/pdf': (b) => startsWith(b, [0x25, 0x50, 0x44, 0x46, 0x2d]),
  'text/plain': (b) => !b.includes(0) && isUtf8(b),
};

function startsWith(b: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.every((byte, i) => b[i] === byte);
}

function isUtf8(b: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(b);
    return true;
  } catch {
    return false;
  }
}

const FILE_ID = /^[A-Za-z0-9_-]{22}$/;
const DAY_MS = 86_400_000;

/**
 * Written next to each file, before the file itself. providerId is the message the upload is for: the clean-up
 * finds that message by its (indexed) provider id to tell a kept file from an orphan. Sidecars from before
 * these fields existed lack them; the clean-up fills them in. removedAt: the file was deleted by retention.
 */
const Sidecar = z.object({
  name: z.string(),
  contentType: z.string(),
  size: z.number(),
  createdAt: z.number().optional(),
  providerId: z.string().optional(),
  removedAt: z.number().optional(),
});
type Sidecar = z.infer<typeof Sidecar>;

export type UploadLimits = Readonly<{ maxFileBytes: number; allowedFileTypes: readonly string[]; uploads: WebchatConfig['uploads'] }>;

/** Who is uploading and for which message: what the quotas count and what the clean-up looks up. */
export type UploadContext = Readonly<{ clientKey: string; conversationId: number | null; providerId: string }>;

export type CleanupReport = { orphans: number; expired: number; kept: number };

/**
 * Visitor uploads under `<dataDir>/webchat-files/`. The id is random (128 bits) and the URL is the
 * capability; files are served with nosniff and a sandbox CSP, and anything but an image as a download.
 *
 * Disk use is bounded by quotas (per address, per conversation, all uploads together, free space) and by a
 * scheduled clean-up: orphans (a file whose message was never stored) after a grace period, and files of
 * conversations closed and quiet for longer than the retention period.
 */
export class FileStore {
  readonly dir: string;
  /** Bytes of files on disk (without sidecars), plus uploads accepted but still being written. */
  private usedBytes = 0;
  private readonly perAddress: ByteBudgets;
  private timer: NodeJS.Timeout | null = null;
  private sweeping: Promise<CleanupReport> | null = null;

  constructor(
    dataDir: string,
    private readonly limits: UploadLimits,
    private readonly deps: Readonly<{ store: Store; now: () => number; log: FastifyBaseLogger }>,
  ) {
    this.dir = path.join(dataDir, 'webchat-files');
    this.perAddress = new ByteBudgets(limits.uploads.perAddressBytesPerHour);
  }

  /** Counts what is on disk (the total quota holds across restarts) and starts the scheduled clean-up. */
  async start(): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    let total = 0;
    for (const entry of await readdir(this.dir)) {
      if (FILE_ID.test(entry)) total += (await stat(path.join(this.dir, entry)).catch(() => ({ size: 0 }))).size;
    }
    this.usedBytes = total;
    this.timer = setInterval(() => {
      void this.cleanup().catch((err: unknown) => this.deps.log.warn({ err }, 'webchat: upload clean-up failed'));
    }, this.limits.uploads.cleanupIntervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.sweeping?.catch(() => undefined);
  }

  /**
   * Validates, checks the quotas and writes the file; resolves once it is on disk (before the message that
   * points at it). The caller discards it if that message is not stored.
   */
  async save(input: Readonly<{ name: string; contentType: string; data: Uint8Array }>, ctx: UploadContext): Promise<VisitorAttachment> {
    const contentType = input.contentType.toLowerCase().split(';')[0]?.trim() ?? '';
    const size = input.data.byteLength;
    if (size === 0) throw new VisitorFault('invalid_input', 'the file is empty');
    if (size > this.limits.maxFileBytes) {
      throw new VisitorFault('too_large', `files are limited to ${Math.floor(this.limits.maxFileBytes / 1024)} kB`);
    }
    const check = signatures[contentType];
    if (!check || !this.limits.allowedFileTypes.includes(contentType)) {
      throw new VisitorFault('unsupported_type', `this file type is not accepted; allowed: ${this.limits.allowedFileTypes.join(', ')}`);
    }
    if (!check(input.data)) throw new VisitorFault('unsupported_type', `the file content is not ${contentType}`);
    await this.checkQuotas(size, ctx);
    // Reserved synchronously after the last await of the checks: parallel uploads cannot all pass one total.
    this.usedBytes += size;
    const fileId = randomBytes(16).toString('base64url');
    // Control characters and path separators never reach a header or a file name.
    const name = Array.from(input.name, (ch) =>
      ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f || ch === '/' || ch === '\\' ? '_' : ch,
    )
      .join('')
      .slice(0, 200);
    try {
      await mkdir(this.dir, { recursive: true });
      const sidecar: Sidecar = { name, contentType, size, createdAt: this.deps.now(), providerId: ctx.providerId };
      // The sidecar first: a file on disk always says which message it was for, so a crash leaves a findable orphan.
      await writeFile(path.join(this.dir, `${fileId}.json`), JSON.stringify(sidecar), { flush: true });
      await writeFile(path.join(this.dir, fileId), input.data, { flush: true });
    } catch (error) {
      await this.discard(fileId, size);
      throw error;
    }
    return { fileId, name, contentType, size, url: `/webchat/files/${fileId}` };
  }

  /** Removes a file whose message was not stored (failed ingest, or a duplicate that kept the first file). */
  async discard(fileId: string, size: number): Promise<void> {
    this.usedBytes = Math.max(0, this.usedBytes - size);
    await rm(path.join(this.dir, fileId), { force: true });
    await rm(path.join(this.dir, `${fileId}.json`), { force: true });
  }

  private async checkQuotas(size: number, ctx: UploadContext): Promise<void> {
    const u = this.limits.uploads;
    const mb = (n: number) => `${Math.max(1, Math.round(n / (1024 * 1024)))} MB`;
    if (ctx.conversationId !== null) {
      const used = await conversationUploadBytes(this.deps.store, ctx.conversationId);
      if (used + size > u.perConversationBytes) {
        throw new VisitorFault(
          'quota_exceeded',
          `this chat already holds ${mb(u.perConversationBytes)} of files, the most it can; please describe the rest in a message`,
        );
      }
    }
    if (u.minFreeDiskBytes > 0) {
      const fs = await statfs(this.dir).catch(() => null);
      if (fs && fs.bavail * fs.bsize - size < u.minFreeDiskBytes) throw storageFull();
    }
    if (this.usedBytes + size > u.maxTotalBytes) throw storageFull();
    if (!this.perAddress.take(ctx.clientKey, size, this.deps.now())) {
      throw new VisitorFault(
        'quota_exceeded',
        `your network has sent ${mb(u.perAddressBytesPerHour)} of files in the last hour, the most we accept; please try again later`,
      );
    }
  }

  /**
   * One clean-up pass: deletes orphans older than the grace period and the files of conversations closed and
   * quiet for longer than the retention period. Never deletes a file whose conversation is still open or had
   * any message within the retention period. Runs one at a time.
   */
  cleanup(): Promise<CleanupReport> {
    this.sweeping ??= this.sweep().finally(() => {
      this.sweeping = null;
    });
    return this.sweeping;
  }

  private async sweep(): Promise<CleanupReport> {
    const { uploads } = this.limits;
    const now = this.deps.now();
    const report: CleanupReport = { orphans: 0, expired: 0, kept: 0 };
    const entries = new Set(await readdir(this.dir).catch(() => [] as string[]));
    const candidates: Array<{ fileId: string; sidecar: Sidecar | null; hasData: boolean; createdAt: number }> = [];
    for (const entry of entries) {
      const fileId = entry.endsWith('.json') ? entry.slice(0, -5) : entry;
      if (!FILE_ID.test(fileId) || (entry.endsWith('.json') && entries.has(fileId))) continue; // each pair once
      const hasData = entries.has(fileId);
      const sidecar = await this.readSidecar(fileId);
      if (sidecar?.removedAt !== undefined) continue;
      const createdAt = sidecar?.createdAt ?? (await stat(path.join(this.dir, entry)).catch(() => null))?.mtimeMs ?? now;
      candidates.push({ fileId, sidecar, hasData, createdAt });
    }
    const refs = await uploadReferences(
      this.deps.store,
      candidates.map((c) => ({ fileId: c.fileId, providerId: c.sidecar?.providerId ?? null })),
    );
    for (const c of candidates) {
      const ref = refs.get(c.fileId);
      if (!ref || !c.hasData || !c.sidecar) {
        // Nobody points at it (or half a pair): an orphan once the grace period has passed.
        if (now - c.createdAt < uploads.orphanGraceMinutes * 60_000) {
          report.kept += 1;
          continue;
        }
        await this.discard(c.fileId, c.hasData ? (c.sidecar?.size ?? 0) : 0);
        report.orphans += 1;
        continue;
      }
      const sidecar = c.sidecar;
      if (sidecar.providerId === undefined) await this.writeSidecar(c.fileId, { ...sidecar, providerId: ref.providerId });
      const closed = ref.state === 'closed' || ref.state === 'abandoned';
      if (uploads.retentionDays > 0 && closed && now - ref.lastAt > uploads.retentionDays * DAY_MS) {
        await rm(path.join(this.dir, c.fileId), { force: true });
        this.usedBytes = Math.max(0, this.usedBytes - sidecar.size);
        await this.writeSidecar(c.fileId, { ...sidecar, providerId: ref.providerId, removedAt: now });
        report.expired += 1;
      } else report.kept += 1;
    }
    if (report.orphans + report.expired > 0) this.deps.log.info(report, 'webchat: upload clean-up');
    return report;
  }

  private async readSidecar(fileId: string): Promise<Sidecar | null> {
    try {
      const parsed = Sidecar.safeParse(JSON.parse(await readFile(path.join(this.dir, `${fileId}.json`), 'utf8')));
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  }

  private async writeSidecar(fileId: string, sidecar: Sidecar): Promise<void> {
    await writeFile(path.join(this.dir, `${fileId}.json`), JSON.stringify(sidecar), { flush: true });
  }

  /** GET /webchat/files/:fileId for the module's route (registered once, answered by the current store). */
  async serve(fileId: string, reply: FastifyReply): Promise<FastifyReply> {
    if (!FILE_ID.test(fileId)) return reply.code(404).send({ code: 'not_found', message: 'no such file' });
    const meta = await this.readSidecar(fileId);
    if (meta?.removedAt !== undefined) {
      return reply.code(410).send({ code: 'gone', message: 'this file was removed after the retention period' });
    }
    let data: Buffer;
    try {
      if (!meta) throw new Error('no sidecar');
      data = await readFile(path.join(this.dir, fileId));
    } catch {
      return reply.code(404).send({ code: 'not_found', message: 'no such file' });
    }
    const inline = meta.contentType.startsWith('image/');
    return reply
      .header('content-type', meta.contentType === 'text/plain' ? 'text/plain; charset=utf-8' : meta.contentType)
      .header('x-content-type-options', 'nosniff')
      .header('content-security-policy', "default-src 'none'; sandbox")
      .header('cache-control', 'private, max-age=3600')
      .header('content-disposition', `${inline ? 'inline' : 'attachment'}; filename*=UTF-8''${encodeURIComponent(meta.name)}`)
      .send(data);
  }
}

function storageFull(): VisitorFault {
  return new VisitorFault(
    'quota_exceeded',
    'we cannot accept files right now (our storage for files is full); please send your message as text',
  );
}

/**
 * Per-address byte budgets: a token bucket per key whose tokens are bytes, refilling `perHour` over an hour.
 * Synchronous, so parallel uploads from one address cannot all spend the same budget. Bounded key count.
 */
class ByteBudgets {
  private readonly buckets = new Map<string, { bytes: number; at: number }>();
  constructor(
    private readonly perHour: number,
    private readonly maxKeys = 10_000,
  ) {}

  take(key: string, bytes: number, now: number): boolean {
    let bucket = this.buckets.get(key);
    if (!bucket) {
      if (this.buckets.size >= this.maxKeys) {
        const oldest = this.buckets.keys().next().value;
        if (oldest !== undefined) this.buckets.delete(oldest);
      }
      bucket = { bytes: this.perHour, at: now };
      this.buckets.set(key, bucket);
    }
    bucket.bytes = Math.min(this.perHour, bucket.bytes + ((now - bucket.at) / 3600_000) * this.perHour);
    bucket.at = now;
    if (bucket.bytes < bytes) return false;
    bucket.bytes -= bytes;
    return true;
  }
}

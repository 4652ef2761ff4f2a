import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { VisitorAttachment } from '../../contracts';
import { VisitorFault } from './fault';

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
type Sidecar = { name: string; contentType: string; size: number };

/**
 * Visitor uploads under `<dataDir>/webchat-files/`. The id is random (128 bits) and the URL is the
 * capability; files are served with nosniff and a sandbox CSP, and anything but an image as a download.
 */
export class FileStore {
  readonly dir: string;
  constructor(
    dataDir: string,
    private readonly limits: Readonly<{ maxFileBytes: number; allowedFileTypes: readonly string[] }>,
  ) {
    this.dir = path.join(dataDir, 'webchat-files');
  }

  /** Validates and writes the file; resolves once it is on disk (before the message that points at it). */
  async save(input: Readonly<{ name: string; contentType: string; data: Uint8Array }>): Promise<VisitorAttachment> {
    const contentType = input.contentType.toLowerCase().split(';')[0]?.trim() ?? '';
    if (input.data.byteLength === 0) throw new VisitorFault('invalid_input', 'the file is empty');
    if (input.data.byteLength > this.limits.maxFileBytes) {
      throw new VisitorFault('too_large', `files are limited to ${Math.floor(this.limits.maxFileBytes / 1024)} kB`);
    }
    const check = signatures[contentType];
    if (!check || !this.limits.allowedFileTypes.includes(contentType)) {
      throw new VisitorFault('unsupported_type', `this file type is not accepted; allowed: ${this.limits.allowedFileTypes.join(', ')}`);
    }
    if (!check(input.data)) throw new VisitorFault('unsupported_type', `the file content is not ${contentType}`);
    const fileId = randomBytes(16).toString('base64url');
    // Control characters and path separators never reach a header or a file name.
    const name = Array.from(input.name, (ch) => (ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f || ch === '/' || ch === '\\' ? '_' : ch)).join('').slice(0, 200);
    await mkdir(this.dir, { recursive: true });
    await writeFile(path.join(this.dir, fileId), input.data, { flush: true });
    const sidecar: Sidecar = { name, contentType, size: input.data.byteLength };
    await writeFile(path.join(this.dir, `${fileId}.json`), JSON.stringify(sidecar), { flush: true });
    return { fileId, name, contentType, size: input.data.byteLength, url: `/webchat/files/${fileId}` };
  }

  registerRoute(app: FastifyInstance): void {
    app.get<{ Params: { fileId: string } }>('/webchat/files/:fileId', async (request, reply) => {
      const { fileId } = request.params;
      if (!FILE_ID.test(fileId)) return reply.code(404).send({ code: 'not_found', message: 'no such file' });
      let meta: Sidecar;
      let data: Buffer;
      try {
        meta = JSON.parse(await readFile(path.join(this.dir, `${fileId}.json`), 'utf8')) as Sidecar;
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
    });
  }
}

import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';

export type SavedFile = Readonly<{ sha256: string; size: number; path: string }>;
export type TooLarge = Readonly<{ error: string; size: number }>;

/**
 * Content-addressed files under `<dataDir>/email/attachments/ab/cd/<sha256>`: the same file received
 * twice is stored once, and a path never changes once written (rename is atomic on one filesystem).
 */
export class AttachmentStore {
  private readonly tmp: string;

  constructor(readonly root: string) {
    this.tmp = path.join(root, 'tmp');
  }

  async init(): Promise<void> {
    await mkdir(this.tmp, { recursive: true });
  }

  pathFor(sha256: string): string {
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error('not a sha256 hex digest');
    return path.join(this.root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }

  async saveBuffer(content: Buffer): Promise<SavedFile> {
    const sha256 = createHash('sha256').update(content).digest('hex');
    const final = this.pathFor(sha256);
    if (!(await exists(final))) {
      const temp = path.join(this.tmp, randomUUID());
      await writeFile(temp, content);
      await this.place(temp, final);
    }
    return { sha256, size: content.length, path: final };
  }

  /**
   * Streams to a temp file while hashing. Past maxBytes it stops writing, keeps draining the source (the
   * MIME parser must move on) and reports the size seen: the content is never held in memory. A source
   * that errors or stalls past timeoutMs is destroyed and its temp file removed (the promise rejects): a
   * save can never wait forever on a stream that will not end.
   */
  async saveStream(source: Readable, maxBytes: number, timeoutMs?: number): Promise<SavedFile | TooLarge> {
    const temp = path.join(this.tmp, randomUUID());
    const hash = createHash('sha256');
    const out = createWriteStream(temp);
    const outDone = new Promise<void>((resolve, reject) => {
      out.once('close', () => resolve());
      out.once('error', reject);
    });
    const timer =
      timeoutMs === undefined ? null : setTimeout(() => source.destroy(new Error(`saving took longer than ${timeoutMs} ms`)), timeoutMs);
    let size = 0;
    let tooLarge = false;
    try {
      for await (const chunk of source) {
        const buf = chunk as Buffer;
        size += buf.length;
        if (tooLarge) continue;
        if (size > maxBytes) {
          tooLarge = true;
          // end(), not destroy(): a write still queued behind the file's open would otherwise fail after the
          // stream is gone and surface as an unhandled error. The partial temp file is removed below.
          out.end();
          continue;
        }
        hash.update(buf);
        if (!out.write(buf)) await drained(out, source);
      }
    } catch (error) {
      out.end();
      await outDone.catch(() => undefined);
      await rm(temp, { force: true });
      throw error;
    } finally {
      if (timer) clearTimeout(timer);
    }
    if (tooLarge) {
      await outDone.catch(() => undefined);
      await rm(temp, { force: true });
      return { error: `attachment larger than ${maxBytes} bytes: not stored`, size };
    }
    out.end();
    await outDone;
    const sha256 = hash.digest('hex');
    const final = this.pathFor(sha256);
    if (await exists(final)) await rm(temp, { force: true });
    else await this.place(temp, final);
    return { sha256, size, path: final };
  }

  private async place(temp: string, final: string): Promise<void> {
    await mkdir(path.dirname(final), { recursive: true });
    await rename(temp, final);
  }
}

/** 'drain' of the file, or the source's destruction (timeout, parser failure): whichever comes first. */
async function drained(out: NodeJS.WritableStream, source: Readable): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const onDrain = (): void => {
      source.off('close', onClose);
      resolve();
    };
    const onClose = (): void => {
      // A source that simply ended after its last chunk still waits for the file's drain.
      if (source.readableEnded && !source.errored) return;
      out.removeListener('drain', onDrain);
      reject(source.errored ?? new Error('source closed before the file was written'));
    };
    out.once('drain', onDrain);
    source.once('close', onClose);
  });
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}

import type { ParsedInboundEvent } from '../inbound';
import type { IngestOptions, IngestResult } from '../single';

/**
 * What crosses between the hub's main thread and the ingest worker (structured clone, both ends this code).
 * Events were validated by InboundEvent on the main thread before they are posted; nothing here comes from
 * outside the process.
 */

/** IngestOptions without its functions: the clock is read once per batch, sticky windows per queue. */
export type WireOptions = Readonly<{
  reopenWindowMs: number;
  stickyWindowMs: number;
  stickyWindowMsByQueue: Readonly<Record<string, number>>;
  defaultRegion?: IngestOptions['defaultRegion'];
  autoMergeOn?: IngestOptions['autoMergeOn'];
}>;

export type WireItem = Readonly<{ event: ParsedInboundEvent; options: WireOptions; perMessage?: boolean }>;

/** An Error as data: structured clone would drop `code`, which callers test (SQLITE_CONSTRAINT). */
export type WireError = Readonly<{ name: string; message: string; code?: string; stack?: string }>;

export type WireOutcome = Readonly<{ ok: true; value: IngestResult }> | Readonly<{ ok: false; error: WireError }>;

export type WorkerRequest = Readonly<{ id: number; items: readonly WireItem[]; eventSeq: number; now: number }>;

export type WorkerReply =
  | Readonly<{ id: number; ok: true; outcomes: readonly WireOutcome[]; events: readonly unknown[]; eventSeq: number }>
  | Readonly<{ id: number; ok: false; error: WireError }>;

/** Sent once the worker's connection is open (or could not be). */
export type WorkerReady = Readonly<{ ready: true }> | Readonly<{ ready: false; error: WireError }>;

export function toWire(error: unknown): WireError {
  const e = error instanceof Error ? error : new Error(String(error));
  const code = (e as { code?: unknown }).code;
  return { name: e.name, message: e.message, stack: e.stack, ...(typeof code === 'string' ? { code } : {}) };
}

export function fromWire(wire: WireError): Error {
  const error = new Error(wire.message) as Error & { code?: string };
  error.name = wire.name;
  if (wire.stack) error.stack = wire.stack;
  if (wire.code !== undefined) error.code = wire.code;
  return error;
}

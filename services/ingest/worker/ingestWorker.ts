/**
 * The ingest worker thread: its own read-write sqlite3 connection to the hub's file, running batch ingest
 * (ingestBatch) in one transaction per batch. The main thread's writer hands it the turn (Writer.writeOutside),
 * so only one of the two connections writes at a time. See ./client.ts for why.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { Connection } from '../../store/connection';
import { insertEventsSql, type EventRow } from '../../store/repos/events';
import { Writer } from '../../store/writer';
import { ingestBatch, type BatchItem } from '../batch';
import type { IngestOptions } from '../single';
import { toWire, type WireItem, type WireOutcome, type WorkerReady, type WorkerReply, type WorkerRequest } from './protocol';

const port = parentPort;
if (!port) throw new Error('ingestWorker.ts runs as a worker thread');
const { file } = workerData as { file: string };

function optionsOf(item: WireItem, now: number): IngestOptions {
  const { stickyWindowMsByQueue, ...rest } = item.options;
  return { ...rest, stickyWindowMsOf: (queueId) => stickyWindowMsByQueue[queueId], now: () => now };
}

async function open(): Promise<Readonly<{ connection: Connection; writer: Writer; committed: { events: readonly unknown[] } }>> {
  const connection = await Connection.open(file, 'readwrite');
  // The same settings as the main writer connection (Store.open): the file is already in WAL mode.
  await connection.exec('PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA wal_autocheckpoint = 0; PRAGMA temp_store = MEMORY');
  const committed: { events: readonly unknown[] } = { events: [] };
  // The store's Writer, one unit per transaction: its savepoint and deferred-SQL handling, event rows in the
  // COMMIT exec, exactly as on the main thread.
  const writer = new Writer(connection, {
    maxBatch: 1,
    commitPrefix: (events) => insertEventsSql(events as EventRow[]),
    onCommitted: (events) => (committed.events = events),
  });
  return { connection, writer, committed };
}

const opened = open();
void (async () => {
  try {
    await opened;
    port.postMessage({ ready: true } satisfies WorkerReady);
  } catch (error) {
    port.postMessage({ ready: false, error: toWire(error) } satisfies WorkerReady);
  }
})();

port.on('message', (request: WorkerRequest | 'close') => {
  void (async () => {
    const { connection, writer, committed } = await opened;
    if (request === 'close') {
      await writer.close();
      await connection.close();
      port.close();
      return;
    }
    let reply: WorkerReply;
    try {
      connection.eventSeq = request.eventSeq;
      committed.events = [];
      const items: BatchItem[] = request.items.map((item) => ({
        event: item.event,
        options: optionsOf(item, request.now),
        ...(item.perMessage ? { perMessage: true } : {}),
      }));
      const outcomes = await writer.write((tx) => ingestBatch(tx, items));
      const wire: WireOutcome[] = outcomes.map((o) => (o.ok ? o : { ok: false, error: toWire(o.error) }));
      reply = { id: request.id, ok: true, outcomes: wire, events: committed.events, eventSeq: connection.eventSeq };
    } catch (error) {
      // Nothing committed: the numbering the main thread handed over is still its own.
      reply = { id: request.id, ok: false, error: toWire(error) };
    }
    port.postMessage(reply);
  })();
});

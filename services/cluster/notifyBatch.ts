/**
 * Several socket.io adapter messages in one NOTIFY. The PostgreSQL adapter sends each push as a
 * `SELECT pg_notify(…)` of its own: a transaction on the database, a wake-up of every hub's listener, and a
 * round trip on this hub. Every inbound message pushes twice (the conversation to the supervisors' room, the
 * message to its monitors), whoever listens, so on PostgreSQL pushes cost more than the store's writes did
 * (profiled: 2 NOTIFY transactions per ingested message; docs/benchmarks.md, PostgreSQL ingest). Pushes made
 * in the same event-loop turn (a group commit acknowledges its whole batch in one turn) leave together,
 * in the order they were made, in as few NOTIFYs as fit under the adapter's payload limit.
 *
 * Every hub unpacks a batch (`unpackBatches`) before the adapter sees it; a hub of an older version would
 * drop batches (an unknown message type), so hubs of one team run one version, as docs/scale-out.md says.
 */

/** The message type of a batch: the adapter's own types are numbers, so a string never collides. */
export const BATCH_TYPE = 'sb-batch';
/**
 * Bytes of one NOTIFY payload: under the adapter's 8000, past which it stores the payload in a table and
 * notifies its id (an INSERT and a SELECT more per push).
 */
export const MAX_BATCH_BYTES = 7000;

type Message = Readonly<{ type: unknown; uid?: string; nsp?: string; batch?: readonly Message[] }>;

/** What of the adapter instance the batching replaces or calls (PostgresAdapter's methods). */
export type BatchableAdapter = {
  readonly uid: string;
  readonly nsp: Readonly<{ name: string }>;
  doPublish(message: Message): Promise<string>;
  onMessage(message: Message, offset?: string): void;
};

export type NotifyBatchOptions = Readonly<{
  /** Sends one payload on the namespace's channel (`SELECT pg_notify`). */
  notify(payload: string): Promise<void>;
  onError(err: Error): void;
  /** For tests: called once per NOTIFY sent with the number of messages in it. */
  onSent?(messages: number): void;
}>;

/** Messages that must go through the adapter's own path: binary payloads are msgpack'd into its table. */
function hasBinary(value: unknown, depth = 0): boolean {
  if (depth > 10 || value === null || typeof value !== 'object') return false;
  if (Buffer.isBuffer(value) || ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return true;
  if (Array.isArray(value)) return value.some((v) => hasBinary(v, depth + 1));
  return Object.values(value).some((v) => hasBinary(v, depth + 1));
}

/**
 * Publishing side: the adapter's doPublish queues; one flush per event-loop turn sends the queue, in order.
 * Returns what sends the queue now and resolves once everything queued so far is sent (before the pool closes).
 */
export function batchPublishes(adapter: BatchableAdapter, options: NotifyBatchOptions): () => Promise<void> {
  const single = adapter.doPublish.bind(adapter);
  let queue: Array<{ message: Message; done: () => void }> = [];
  let scheduled = false;
  // One send after the other: the receiving hubs get this hub's pushes in the order they were made.
  let sending: Promise<void> = Promise.resolve();

  const send = async (batch: ReadonlyArray<{ message: Message; done: () => void }>): Promise<void> => {
    let chunk: string[] = [];
    let bytes = 0;
    const flushChunk = async (): Promise<void> => {
      if (chunk.length === 0) return;
      const parts = chunk;
      chunk = [];
      bytes = 0;
      const payload =
        parts.length === 1
          ? (parts[0] as string)
          : `{"uid":${JSON.stringify(adapter.uid)},"nsp":${JSON.stringify(adapter.nsp.name)},"type":"${BATCH_TYPE}","batch":[${parts.join(',')}]}`;
      await options.notify(payload).catch((err: unknown) => options.onError(err as Error));
      options.onSent?.(parts.length);
    };
    for (const { message } of batch) {
      const json = hasBinary(message) ? null : JSON.stringify(message);
      const size = json === null ? Infinity : Buffer.byteLength(json);
      if (json === null || size > MAX_BATCH_BYTES) {
        // The adapter's own way (its attachment table), after what was queued before it.
        await flushChunk();
        await single(message).catch((err: unknown) => options.onError(err as Error));
        options.onSent?.(1);
        continue;
      }
      if (bytes + size + 200 > MAX_BATCH_BYTES) await flushChunk();
      chunk.push(json);
      bytes += size + 1;
    }
    await flushChunk();
    for (const { done } of batch) done();
  };

  const flush = (): void => {
    scheduled = false;
    const batch = queue;
    queue = [];
    if (batch.length === 0) return;
    const previous = sending;
    sending = (async () => {
      await previous;
      try {
        await send(batch);
      } catch (err) {
        options.onError(err as Error);
        for (const { done } of batch) done();
      }
    })();
  };

  adapter.doPublish = (message) =>
    new Promise<string>((resolve) => {
      // The adapter publishes and then delivers locally; the offset ("") is what PostgresAdapter returns.
      queue.push({ message, done: () => resolve('') });
      if (scheduled) return;
      scheduled = true;
      setImmediate(flush);
    });

  return async () => {
    flush();
    await sending;
  };
}

/** Receiving side: a batch is handed to the adapter one message at a time, in order. */
export function unpackBatches(adapter: BatchableAdapter): void {
  const receive = adapter.onMessage.bind(adapter);
  adapter.onMessage = (message, offset) => {
    if (message.type !== BATCH_TYPE) return receive(message, offset);
    for (const inner of message.batch ?? []) receive(inner, offset);
  };
}

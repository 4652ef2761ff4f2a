/**
 * The customer-text analysis thread: wink-nlp's model and analyseMessage, so tokenising customers' messages
 * never takes the hub's event loop (it was the largest single item on the main thread during ingest,
 * docs/benchmarks.md). It holds no database connection: the job reads and stores on the main thread.
 */
import { parentPort } from 'node:worker_threads';
import { analyseMessage } from '../analyse';
import type { AnalyseReply, AnalyseRequest, AnalyserReady } from './protocol';

const port = parentPort;
if (!port) throw new Error('vocWorker.ts runs as a worker thread');

try {
  // Load the model now (~150 ms): "ready" then means the first chunk is read at full speed.
  analyseMessage('warm up');
  port.postMessage({ ready: true } satisfies AnalyserReady);
} catch (error) {
  port.postMessage({ ready: false, error: error instanceof Error ? error.message : String(error) } satisfies AnalyserReady);
}

port.on('message', (request: AnalyseRequest) => {
  let reply: AnalyseReply;
  try {
    reply = { id: request.id, ok: true, analyses: request.texts.map((text) => analyseMessage(text)) };
  } catch (error) {
    reply = { id: request.id, ok: false, error: error instanceof Error ? error.message : String(error) };
  }
  port.postMessage(reply);
});

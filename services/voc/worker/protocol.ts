import type { Analysis } from '../analyse';

/** One chunk of customer texts to read (texts are only read, never executed). */
export type AnalyseRequest = Readonly<{ id: number; texts: readonly string[] }>;

/** The worker's answer: one Analysis per text, in order, or why the chunk failed. */
export type AnalyseReply =
  Readonly<{ id: number; ok: true; analyses: readonly Analysis[] }> | Readonly<{ id: number; ok: false; error: string }>;

/** First message of a worker: the model is loaded and it reads requests, or why it could not start. */
export type AnalyserReady = Readonly<{ ready: true }> | Readonly<{ ready: false; error: string }>;

import { mkdirSync } from 'node:fs';
import path from 'node:path';
import pino, { type Logger as PinoLogger } from 'pino';
import pinoRoll from 'pino-roll';

/** The desktop's log: main and the embedded hub write JSON lines to one rotating file in the user data folder. */
export type DesktopLog = Readonly<{
  /** The folder the tray's "Open log folder" opens. */
  dir: string;
  /** Numbered files (switchboard.1.log, .2 …); the highest is the one being written. */
  logger: PinoLogger;
  close(): Promise<void>;
}>;

export type DesktopLogOptions = Readonly<{
  /** Rotate past this size (pino-roll units: '10m'). */
  size?: string;
  /** Files kept besides the current one. */
  keep?: number;
  level?: pino.LevelWithSilent;
}>;

/**
 * Support asks "send me the log": it must exist after a crash, not grow without bound, and hold both the
 * main process's and the hub's lines in order. pino-roll's stream is written in-process (no worker thread,
 * which would have to load from inside app.asar).
 */
export async function openDesktopLog(dir: string, options: DesktopLogOptions = {}): Promise<DesktopLog> {
  mkdirSync(dir, { recursive: true });
  const stream = await pinoRoll({
    file: path.join(dir, 'switchboard'),
    extension: '.log',
    size: options.size ?? '10m',
    limit: { count: options.keep ?? 5 },
  });
  const logger = pino({ level: options.level ?? 'info', base: { pid: process.pid } }, stream);
  return {
    dir,
    logger,
    async close() {
      logger.flush();
      await new Promise<void>((resolve) => {
        stream.once('close', () => resolve());
        stream.end();
        setTimeout(resolve, 500).unref();
      });
    },
  };
}

/** The desktop's Logger shape over pino (message first, data second, as the main process calls it). */
export function desktopLogger(logger: PinoLogger): Readonly<{
  info(message: string, data?: Record<string, unknown>): void;
  warn(message: string, data?: Record<string, unknown>): void;
  error(message: string, data?: Record<string, unknown>): void;
}> {
  return {
    info: (message, data) => logger.info(data ?? {}, message),
    warn: (message, data) => logger.warn(data ?? {}, message),
    error: (message, data) => logger.error(data ?? {}, message),
  };
}

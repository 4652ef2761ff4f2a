// pino-roll ships no types; this is the part of its API the desktop uses (see its README).
declare module 'pino-roll' {
  import type { DestinationStream } from 'pino';
  type Options = Readonly<{
    file: string;
    size?: string | number;
    frequency?: 'daily' | 'hourly' | number;
    extension?: string;
    symlink?: boolean;
    mkdir?: boolean;
    limit?: Readonly<{ count?: number; removeOtherLogFiles?: boolean }>;
  }>;
  export default function pinoRoll(
    options: Options,
  ): Promise<DestinationStream & { end(): void; flushSync(): void; once(event: 'close', listener: () => void): void }>;
}

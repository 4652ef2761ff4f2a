import { createHmac, timingSafeEqual } from 'node:crypto';

/** The header every delivery carries: `Switchboard-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256>`. */
export const SIGNATURE_HEADER = 'switchboard-signature';
/** Receivers should refuse a signature older than this (a captured request replayed later). */
export const REPLAY_WINDOW_SECONDS = 300;

/** HMAC-SHA256 with the subscription's secret over `<t>.<raw body>`. */
export function sign(secret: string, timestampSeconds: number, body: string): string {
  const v1 = createHmac('sha256', secret).update(`${timestampSeconds}.${body}`).digest('hex');
  return `t=${timestampSeconds},v1=${v1}`;
}

/**
 * What a receiver does (also used by our tests and shown in docs/api.md): parse, recompute, compare in
 * constant time, and refuse timestamps outside the replay window.
 */
export function verify(
  secret: string,
  header: string | undefined,
  body: string,
  nowSeconds: number,
  windowSeconds = REPLAY_WINDOW_SECONDS,
): boolean {
  if (!header) return false;
  const parts = new Map(header.split(',').map((p) => p.trim().split('=', 2) as [string, string]));
  const t = Number(parts.get('t'));
  const v1 = parts.get('v1') ?? '';
  if (!Number.isInteger(t) || Math.abs(nowSeconds - t) > windowSeconds || !/^[0-9a-f]{64}$/.test(v1)) return false;
  const expected = createHmac('sha256', secret).update(`${t}.${body}`).digest();
  return timingSafeEqual(expected, Buffer.from(v1, 'hex'));
}

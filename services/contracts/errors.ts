import { z } from 'zod';

export const HubErrorCode = z.enum([
  'invalid_input',
  'unknown_command',
  'forbidden',
  'unauthenticated',
  'not_found',
  'conflict',
  'rate_limited',
  'channel_unavailable',
  'internal',
  /** The session may only choose a new password (session/changePassword) until it has. */
  'password_change_required',
]);
export type HubErrorCode = z.infer<typeof HubErrorCode>;

export const HubErrorShape = z.object({
  code: HubErrorCode,
  message: z.string(),
  /** Field-level problems for invalid_input, as zod reports them. */
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});
export type HubErrorShape = z.infer<typeof HubErrorShape>;

/** Thrown inside the hub; turned into a typed reply at the socket/HTTP edge. */
export class HubError extends Error {
  readonly code: HubErrorCode;
  readonly issues: HubErrorShape['issues'];
  constructor(code: HubErrorCode, message: string, issues?: HubErrorShape['issues']) {
    super(message);
    this.code = code;
    this.issues = issues;
  }
  toShape(): HubErrorShape {
    return this.issues ? { code: this.code, message: this.message, issues: this.issues } : { code: this.code, message: this.message };
  }
}

export type CommandReply<T> = { ok: true; data: T } | { ok: false; error: HubErrorShape };

import type { VisitorError, VisitorErrorCode } from '../../contracts';

/** Thrown inside the visitor gateway; turned into a typed reply on the socket ack. */
export class VisitorFault extends Error {
  constructor(
    readonly code: VisitorErrorCode,
    message: string,
  ) {
    super(message);
  }
  toShape(): VisitorError {
    return { code: this.code, message: this.message };
  }
}

import type { Connection } from '../store/store';
import { findCustomerByIdentity, insertCustomer, insertIdentity } from '../store/repos/customers';
import { normaliseIdentity, type IdentityRef } from './identity';

export type ResolveOptions = Readonly<{ defaultRegion?: Parameters<typeof normaliseIdentity>[2] }>;

/**
 * Exact identity match -> that customer; otherwise a new customer owning this identity.
 * Runs inside the caller's write transaction so the customer and the message commit together.
 */
export async function resolveCustomer(tx: Connection, identity: IdentityRef, at: number, options: ResolveOptions = {}): Promise<number> {
  const value = normaliseIdentity(identity.kind, identity.value, options.defaultRegion);
  const existing = await findCustomerByIdentity(tx, identity.kind, value);
  if (existing !== undefined) return existing;
  const name = identity.displayName?.trim() || value;
  const customerId = await insertCustomer(tx, name.slice(0, 200), at);
  await insertIdentity(tx, customerId, identity.kind, value, at);
  return customerId;
}

import type { IdentityKind } from '../../services/contracts';
import { insertCustomer, insertIdentity } from '../../services/store/repos/customers';
import type { TestHub } from './testHub';

/** A customer already on file (imported, say) who has never contacted us. */
export async function fileCustomer(
  t: TestHub,
  name: string,
  identities: ReadonlyArray<{ kind: IdentityKind; value: string }>,
): Promise<number> {
  const at = Date.now();
  return t.hub.store.write(async (tx) => {
    const id = await insertCustomer(tx, name, at);
    for (const i of identities) await insertIdentity(tx, id, i.kind, i.value, at);
    return id;
  });
}

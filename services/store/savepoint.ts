import type { Connection } from './connection';

/**
 * Runs `work` inside a named SAVEPOINT of the current write transaction. If it throws, its statements are
 * rolled back and so are the event-log rows it numbered (they are only written at COMMIT), then the error
 * is rethrown: the rest of the transaction goes on as if `work` had never run.
 */
export async function inSavepoint<T>(tx: Connection, name: string, work: () => Promise<T>): Promise<T> {
  const mark = tx.markEvents();
  await tx.exec(`SAVEPOINT ${name}`);
  try {
    const value = await work();
    await tx.exec(`RELEASE ${name}`);
    return value;
  } catch (error) {
    await tx.exec(`ROLLBACK TO ${name}; RELEASE ${name}`);
    tx.dropEventsSince(mark);
    throw error;
  }
}

/**
 * Polls `probe` until it returns a value (not undefined/false) or the time runs out. The third argument is
 * the polling interval (ms) or what is awaited, for the error message.
 */
export async function until<T>(
  probe: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs = 5000,
  everyMsOrWhat: number | string = 20,
): Promise<T> {
  const everyMs = typeof everyMsOrWhat === 'number' ? everyMsOrWhat : 20;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline)
      throw new Error(typeof everyMsOrWhat === 'string' ? `timed out waiting for ${everyMsOrWhat}` : 'condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

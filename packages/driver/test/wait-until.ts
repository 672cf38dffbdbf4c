/** Polling for tests that wait on something asynchronous with no event to await. */

/** Resolves once `predicate()` holds (checked every 2 ms); rejects after `timeoutMs`. */
export function until(predicate: () => boolean, timeoutMs = 2000): Promise<void> {
  const start = Date.now();
  return new Promise((resolve, reject) => {
    const check = (): void => {
      if (predicate()) resolve();
      else if (Date.now() - start > timeoutMs) reject(new Error('condition not met in time'));
      else setTimeout(check, 2);
    };
    check();
  });
}

/** Polls `condition` every 10 ms until it holds (tests). */
export async function until(condition: () => boolean, timeoutMs = 4000, what = 'condition'): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error(`${what} not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/**
 * Wraps a fire-and-forget task so that a burst of calls costs at most two
 * runs: one now, and one more after it if anything asked again meanwhile
 * (the later run sees everything the skipped calls would have). Errors are
 * swallowed: the callers (wake-up notifications) have a slower fallback.
 */
export function coalesced(task: () => Promise<unknown>): () => void {
  let running = false;
  let again = false;
  const run = (): void => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    again = false;
    task()
      .catch(() => undefined)
      .finally(() => {
        running = false;
        if (again) run();
      });
  };
  return run;
}

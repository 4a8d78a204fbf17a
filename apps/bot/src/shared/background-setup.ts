/** A Bot API call the bot can work without (the command menu, descriptions…): named by its method for the logs. */
export interface SetupCall {
  method: string;
  run: () => Promise<unknown>;
}

export interface BackgroundSetupOptions {
  log: (line: string) => void;
  /** Waits between attempts (default 1 s, 5 s, 30 s, then every 5 min). */
  delaysMs?: readonly number[];
  sleep?: (ms: number) => Promise<void>;
}

const DELAYS_MS = [1_000, 5_000, 30_000, 300_000];

/**
 * Runs the setup calls in the background: a failure (Telegram answering 500, a timeout…) is logged with the method
 * and retried later until it goes through; it never stops the bot, which answers updates meanwhile. `settled` resolves
 * once every call went through (or `stop` was called).
 */
export function setUpInBackground(calls: readonly SetupCall[], options: BackgroundSetupOptions): { settled: Promise<void>; stop(): void } {
  const delays = options.delaysMs ?? DELAYS_MS;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms).unref()));
  let stopped = false;
  const one = async (call: SetupCall) => {
    for (let attempt = 1; !stopped; attempt++) {
      try {
        await call.run();
        if (attempt > 1) options.log(`${call.method} went through (attempt ${attempt})`);
        return;
      } catch (e) {
        const wait = delays[Math.min(attempt - 1, delays.length - 1)];
        options.log(`${call.method} failed (attempt ${attempt}): ${e instanceof Error ? e.message : e}; retrying in ${Math.round(wait / 1000)} s`);
        await sleep(wait);
      }
    }
  };
  const settled = Promise.all(calls.map(one)).then(() => undefined);
  return {
    settled,
    stop: () => {
      stopped = true;
    },
  };
}

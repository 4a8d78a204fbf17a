/** Time source; injectable so that rate limits and query expiry can be tested without waiting. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

export const unixTime = (ms: number): number => Math.floor(ms / 1000);

import { Injectable } from '@nestjs/common';

/**
 * Failed display authentications per source IP: at most FAILURES_ALLOWED
 * in a WINDOW_SEC window; beyond that the endpoint answers 429 with
 * Retry-After (until the window ends) without looking the token up. Valid
 * tokens already in memory are still served from a blocked address: the
 * doors of one office share its NAT address, and one misconfigured device
 * must not darken all of them.
 *
 * Why these numbers: a device with a wrong token retries every 30 min
 * (PROTOCOL.md §1), so even a building of misconfigured signs behind one
 * address stays far below 20 failures in 10 minutes, while a scan of tokens
 * is cut to 2 lookups a minute. Per API process, in memory (like the bid limiter).
 */
export const FAILURES_ALLOWED = 20;
export const WINDOW_SEC = 600;
/** Addresses tracked at once; the oldest windows are dropped first. */
const MAX_TRACKED = 10_000;

interface Window {
  startMs: number;
  failures: number;
}

@Injectable()
export class DisplayAuthLimiter {
  private readonly windows = new Map<string, Window>();

  constructor(
    private readonly allowed = FAILURES_ALLOWED,
    private readonly windowSec = WINDOW_SEC,
  ) {}

  /** Seconds until the address may try again, or 0 if it may try now. */
  retryAfter(ip: string, nowMs = Date.now()): number {
    const w = this.windows.get(ip);
    if (!w) return 0;
    const endMs = w.startMs + this.windowSec * 1000;
    if (nowMs >= endMs) {
      this.windows.delete(ip);
      return 0;
    }
    return w.failures >= this.allowed ? Math.ceil((endMs - nowMs) / 1000) : 0;
  }

  fail(ip: string, nowMs = Date.now()): void {
    let w = this.windows.get(ip);
    if (!w || nowMs >= w.startMs + this.windowSec * 1000) {
      if (w) this.windows.delete(ip);
      w = { startMs: nowMs, failures: 0 };
      this.windows.set(ip, w);
      if (this.windows.size > MAX_TRACKED) this.windows.delete(this.windows.keys().next().value!);
    }
    w.failures++;
  }

  get tracked(): number {
    return this.windows.size;
  }
}

import { Inject, Injectable } from '@nestjs/common';
import { API_OPTIONS, type ApiOptions } from '../core/api-options';
import { problem } from '../core/problem';

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * Per-employee bid rate limit: a token bucket of `perMinute` tokens that
 * refills continuously, so a short burst up to the limit passes and a
 * sustained rate above it is refused. In process: with several API
 * processes each allows the limit (good enough against a runaway client or
 * script; a shared limit would cost a round trip per bid on the hot path).
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();
  private readonly perMs: number;

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = Date.now,
  ) {
    this.perMs = perMinute / 60_000;
  }

  /** Takes one token; otherwise how many seconds until one is there. */
  take(key: string): { ok: true } | { ok: false; retryAfterS: number } {
    if (this.perMinute <= 0) return { ok: true };
    const now = this.now();
    const b = this.buckets.get(key) ?? { tokens: this.perMinute, at: now };
    b.tokens = Math.min(this.perMinute, b.tokens + (now - b.at) * this.perMs);
    b.at = now;
    if (b.tokens >= 1) {
      b.tokens -= 1;
      this.buckets.set(key, b);
      if (this.buckets.size > 50_000) this.prune(now);
      return { ok: true };
    }
    this.buckets.set(key, b);
    return { ok: false, retryAfterS: Math.max(1, Math.ceil((1 - b.tokens) / this.perMs / 1000)) };
  }

  /** Full buckets carry no information: drop them. */
  private prune(now: number) {
    for (const [k, b] of this.buckets) if (b.tokens + (now - b.at) * this.perMs >= this.perMinute) this.buckets.delete(k);
  }
}

@Injectable()
export class BidRateLimiter {
  private readonly buckets: TokenBuckets;
  readonly perMinute: number;

  constructor(@Inject(API_OPTIONS) options: ApiOptions) {
    this.perMinute = options.bidRateLimitPerMinute ?? 60;
    this.buckets = new TokenBuckets(this.perMinute);
  }

  /** 429 problem (with Retry-After) when the employee is over the limit. */
  check(employeeId: string): void {
    const r = this.buckets.take(employeeId);
    if (!r.ok) {
      throw problem(429, 'auction.rate_limited', `Too many bids: at most ${this.perMinute} per minute`, `Retry in ${r.retryAfterS} s`, {
        retryAfter: r.retryAfterS,
        limitPerMinute: this.perMinute,
      });
    }
  }
}

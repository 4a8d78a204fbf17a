import { TokenBuckets } from './bid-rate-limiter';

describe('TokenBuckets (bid rate limit)', () => {
  it('lets a burst up to the limit through, then refuses with the seconds until the next token', () => {
    let now = 0;
    const b = new TokenBuckets(60, () => now);
    for (let i = 0; i < 60; i++) expect(b.take('anna')).toEqual({ ok: true });
    expect(b.take('anna')).toEqual({ ok: false, retryAfterS: 1 });
    expect(b.take('boris')).toEqual({ ok: true }); // per employee
    now += 1000; // one token per second at 60/min
    expect(b.take('anna')).toEqual({ ok: true });
    expect(b.take('anna').ok).toBe(false);
  });

  it('computes Retry-After from the refill rate', () => {
    let now = 0;
    const b = new TokenBuckets(2, () => now);
    b.take('x');
    b.take('x');
    expect(b.take('x')).toEqual({ ok: false, retryAfterS: 30 });
    now += 29_000;
    expect(b.take('x').ok).toBe(false);
    now += 1_000;
    expect(b.take('x').ok).toBe(true);
  });

  it('0 means unlimited', () => {
    const b = new TokenBuckets(0);
    for (let i = 0; i < 1000; i++) expect(b.take('x').ok).toBe(true);
  });
});

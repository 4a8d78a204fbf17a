import { DisplayAuthLimiter } from './display-auth-limiter';

describe('DisplayAuthLimiter', () => {
  it('allows N failures per window and then asks to wait until the window ends', () => {
    const limiter = new DisplayAuthLimiter(3, 600);
    const t0 = 1_000_000;
    for (let i = 0; i < 3; i++) {
      expect(limiter.retryAfter('10.0.0.1', t0 + i)).toBe(0);
      limiter.fail('10.0.0.1', t0 + i);
    }
    expect(limiter.retryAfter('10.0.0.1', t0 + 1000)).toBe(599);
    expect(limiter.retryAfter('10.0.0.2', t0 + 1000)).toBe(0);
    expect(limiter.retryAfter('10.0.0.1', t0 + 599_500)).toBe(1);
    expect(limiter.retryAfter('10.0.0.1', t0 + 600_000)).toBe(0);
    expect(limiter.tracked).toBe(0);
  });

  it('starts a new window after the old one ended', () => {
    const limiter = new DisplayAuthLimiter(2, 60);
    limiter.fail('a', 0);
    limiter.fail('a', 1000);
    expect(limiter.retryAfter('a', 2000)).toBe(58);
    limiter.fail('a', 61_000);
    expect(limiter.retryAfter('a', 61_000)).toBe(0);
    limiter.fail('a', 62_000);
    expect(limiter.retryAfter('a', 62_000)).toBe(59);
  });
});

import { ApiError } from '../core/errors';
import { RateLimiter } from './rate-limiter';

const refusal = (fn: () => void): ApiError | null => {
  try {
    fn();
    return null;
  } catch (error) {
    return error as ApiError;
  }
};

describe('RateLimiter', () => {
  let now = 1_000_000;
  const clock = { now: () => now };
  const privateChat = { id: 1, type: 'private' };
  const group = { id: -100, type: 'supergroup' };

  beforeEach(() => {
    now = 1_000_000;
  });

  it('injected 429s hit the next K calls (not getUpdates by default) and carry retry_after', () => {
    const limiter = new RateLimiter(clock);
    limiter.inject({ count: 2, retryAfter: 7 });
    expect(refusal(() => limiter.consumeInjection('getUpdates'))).toBeNull();
    const first = refusal(() => limiter.consumeInjection('sendMessage'));
    expect(first?.toJSON()).toEqual({ ok: false, error_code: 429, description: 'Too Many Requests: retry after 7', parameters: { retry_after: 7 } });
    expect(refusal(() => limiter.consumeInjection('editMessageText'))?.errorCode).toBe(429);
    expect(refusal(() => limiter.consumeInjection('sendMessage'))).toBeNull();
    limiter.inject({ count: 1, methods: ['sendPhoto'] });
    expect(refusal(() => limiter.consumeInjection('sendMessage'))).toBeNull();
    expect(refusal(() => limiter.consumeInjection('SENDPHOTO'))?.parameters).toEqual({ retry_after: 1 });
  });

  it('limits are off by default', () => {
    const limiter = new RateLimiter(clock);
    for (let i = 0; i < 50; i++) expect(refusal(() => limiter.checkLimits('sendMessage', privateChat))).toBeNull();
  });

  it('per chat: ~1 message per second with the right retry_after', () => {
    const limiter = new RateLimiter(clock, { enabled: true });
    expect(refusal(() => limiter.checkLimits('sendMessage', privateChat))).toBeNull();
    now += 200;
    const refused = refusal(() => limiter.checkLimits('sendMessage', privateChat));
    expect(refused?.description).toBe('Too Many Requests: retry after 1');
    expect(refusal(() => limiter.checkLimits('sendMessage', { id: 2, type: 'private' }))).toBeNull(); // other chat is fine
    expect(refusal(() => limiter.checkLimits('getChat', privateChat))).toBeNull(); // not a send method
    now += 800;
    expect(refusal(() => limiter.checkLimits('sendMessage', privateChat))).toBeNull();
  });

  it('per group: 20 messages per minute; retry_after counts down to the oldest message leaving the window', () => {
    const limiter = new RateLimiter(clock, { enabled: true });
    for (let i = 0; i < 20; i++) {
      expect(refusal(() => limiter.checkLimits('sendMessage', group))).toBeNull();
      now += 1000;
    }
    // 20 s passed since the first message: it leaves the window in 40 s
    expect(refusal(() => limiter.checkLimits('sendMessage', group))?.parameters).toEqual({ retry_after: 40 });
    now += 40_000;
    expect(refusal(() => limiter.checkLimits('sendMessage', group))).toBeNull();
  });

  it('global: ~30 messages per second across chats', () => {
    const limiter = new RateLimiter(clock, { enabled: true });
    for (let i = 0; i < 30; i++) expect(refusal(() => limiter.checkLimits('sendMessage', { id: 1000 + i, type: 'private' }))).toBeNull();
    expect(refusal(() => limiter.checkLimits('sendMessage', { id: 5000, type: 'private' }))?.errorCode).toBe(429);
    limiter.configure({ global: { limit: 100, windowMs: 1000 } });
    expect(refusal(() => limiter.checkLimits('sendMessage', { id: 5000, type: 'private' }))).toBeNull();
  });
});

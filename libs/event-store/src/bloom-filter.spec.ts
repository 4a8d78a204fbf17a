import { randomUUID } from 'node:crypto';
import { BloomFilter } from './bloom-filter';

describe('BloomFilter', () => {
  it('never forgets what was added', () => {
    const f = new BloomFilter(1 << 16, 5);
    const keys = Array.from({ length: 5000 }, () => randomUUID());
    keys.forEach((k) => f.add(k));
    expect(keys.every((k) => f.mightContain(k))).toBe(true);
    expect(f.size).toBe(5000);
  });

  it('keeps false positives rare at the size the processor uses (100,000 forgotten command ids in 1 MiB)', () => {
    const f = new BloomFilter();
    for (let i = 0; i < 100_000; i++) f.add(`tg42/bid-${i}`);
    let positives = 0;
    for (let i = 0; i < 100_000; i++) if (f.mightContain(`tg42/other-${i}`)) positives++;
    expect(positives).toBeLessThan(10); // theory: ~2e-8 per key
  });

  it('refuses a size that is not a power of two', () => {
    expect(() => new BloomFilter(1000)).toThrow(/power of two/);
  });
});

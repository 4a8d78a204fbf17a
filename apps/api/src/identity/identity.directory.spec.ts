import { remember } from './identity.directory';

describe('the identity caches stay bounded', () => {
  it('given a full cache, when more ids are looked up (hits or misses), then the oldest entries go and the size stays at the cap', () => {
    const cache = new Map<number, string | null>();
    for (let id = 1; id <= 1000; id++) remember(cache, id, id % 2 ? `e-${id}` : null, 100);
    expect(cache.size).toBe(100);
    expect([...cache.keys()][0]).toBe(901);
    expect(cache.get(1000)).toBeNull(); // a miss is cached, within the cap
  });

  it('re-remembering a key makes it the newest', () => {
    const cache = new Map<string, number>();
    remember(cache, 'a', 1, 2);
    remember(cache, 'b', 2, 2);
    remember(cache, 'a', 3, 2);
    remember(cache, 'c', 4, 2);
    expect([...cache.entries()]).toEqual([
      ['a', 3],
      ['c', 4],
    ]);
  });
});

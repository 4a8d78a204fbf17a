import { summarize } from './stats';

describe('summarize', () => {
  it('uses nearest-rank percentiles', () => {
    const samples = Array.from({ length: 100 }, (_, i) => i + 1); // 1..100
    expect(summarize(samples)).toEqual({ p50: 50, p90: 90, p95: 95, p99: 99, max: 100 });
  });
  it('is not fooled by input order and handles no samples', () => {
    expect(summarize([5, 1, 3])).toEqual({ p50: 3, p90: 5, p95: 5, p99: 5, max: 5 });
    expect(summarize([])).toEqual({ p50: 0, p90: 0, p95: 0, p99: 0, max: 0 });
  });
});

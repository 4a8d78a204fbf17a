/** Latency summary in milliseconds (nearest-rank percentiles over every sample). */
export function summarize(samples: Float64Array | number[]): { p50: number; p90: number; p95: number; p99: number; max: number } {
  const sorted = Float64Array.from(samples).sort();
  const at = (q: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] : 0);
  const r = (x: number) => Math.round(x * 100) / 100;
  return { p50: r(at(0.5)), p90: r(at(0.9)), p95: r(at(0.95)), p99: r(at(0.99)), max: r(sorted.length ? sorted[sorted.length - 1] : 0) };
}

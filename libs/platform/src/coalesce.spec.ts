import { coalesced } from './coalesce';

describe('coalesced', () => {
  it('runs once now and once more after a burst, never concurrently', async () => {
    let runs = 0;
    let concurrent = 0;
    let maxConcurrent = 0;
    const gates: (() => void)[] = [];
    const notify = coalesced(async () => {
      runs++;
      maxConcurrent = Math.max(maxConcurrent, ++concurrent);
      await new Promise<void>((r) => gates.push(r));
      concurrent--;
    });
    notify();
    notify();
    notify();
    notify();
    expect(runs).toBe(1);
    gates.shift()!();
    await new Promise((r) => setImmediate(r));
    expect(runs).toBe(2);
    gates.shift()!();
    await new Promise((r) => setImmediate(r));
    expect(runs).toBe(2);
    expect(maxConcurrent).toBe(1);
  });

  it('keeps working after a failed run', async () => {
    let runs = 0;
    const notify = coalesced(async () => {
      runs++;
      throw new Error('database gone');
    });
    notify();
    await new Promise((r) => setImmediate(r));
    notify();
    await new Promise((r) => setImmediate(r));
    expect(runs).toBe(2);
  });
});

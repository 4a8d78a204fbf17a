import type { GlobalPosition } from '@megabot/contracts';
import { DeferredCheckpoint } from './deferred-checkpoint';

const at = (n: number): GlobalPosition => ({ commit: BigInt(n), prepare: BigInt(n) });

describe('DeferredCheckpoint', () => {
  let now: number;
  let writes: bigint[];
  let deferred: DeferredCheckpoint;
  beforeEach(() => {
    now = 0;
    writes = [];
    deferred = new DeferredCheckpoint(
      async (p) => void writes.push(p.commit),
      1000,
      () => now,
    );
  });

  it('passes batches over without a write until the oldest pass-over has waited everyMs; then that batch is written', async () => {
    expect(deferred.passOver(at(10))).toBe(true);
    now = 600;
    expect(deferred.passOver(at(20))).toBe(true);
    await deferred.flush();
    expect(writes).toEqual([]);
    now = 1000;
    // due: the caller writes this batch in its own transaction, which covers the ones passed over
    expect(deferred.passOver(at(30))).toBe(false);
    deferred.written(at(30));
    expect(deferred.passOver(at(40))).toBe(true);
  });

  it('a quiet log: flush writes the furthest position passed over once it has waited, and only once', async () => {
    deferred.passOver(at(10));
    deferred.passOver(at(20));
    now = 999;
    await deferred.flush();
    expect(writes).toEqual([]);
    now = 1000;
    await deferred.flush();
    await deferred.flush();
    expect(writes).toEqual([20n]);
  });

  it("the follower's own transaction writes what was passed over: nothing is left to flush", async () => {
    deferred.passOver(at(10));
    deferred.written(at(15));
    now = 5000;
    await deferred.flush();
    expect(writes).toEqual([]);
  });

  it('a write behind the furthest pass-over leaves it pending', async () => {
    deferred.passOver(at(30));
    deferred.written(at(20));
    now = 1000;
    await deferred.flush();
    expect(writes).toEqual([30n]);
  });

  it('flush(true) writes at once (the follower stopping); reset forgets (reading again from the stored checkpoint)', async () => {
    deferred.passOver(at(10));
    await deferred.flush(true);
    expect(writes).toEqual([10n]);
    deferred.passOver(at(20));
    deferred.reset();
    await deferred.flush(true);
    expect(writes).toEqual([10n]);
  });

  it('a failed write stays pending and is tried again', async () => {
    let fail = true;
    const tries: bigint[] = [];
    const d = new DeferredCheckpoint(
      async (p) => {
        tries.push(p.commit);
        if (fail) throw new Error('database away');
      },
      1000,
      () => now,
    );
    d.passOver(at(10));
    now = 1000;
    await expect(d.flush()).rejects.toThrow('database away');
    fail = false;
    await d.flush();
    await d.flush();
    expect(tries).toEqual([10n, 10n]);
  });
});

import { Poller } from './poller';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const until = async (done: () => boolean) => {
  for (let i = 0; i < 500 && !done(); i++) await sleep(10);
  if (!done()) throw new Error('timed out');
};

describe("Poller (the bot's background loops)", () => {
  it('runs rounds one at a time, also when tick() is called while the loop runs', async () => {
    let active = 0;
    let most = 0;
    let rounds = 0;
    const poller = new Poller(
      async () => {
        most = Math.max(most, ++active);
        await sleep(5);
        active--;
        return ++rounds;
      },
      { name: 'test', intervalMs: 1 },
    ).start();
    const ticked = await Promise.all([poller.tick(), poller.tick(), poller.tick()]);
    await poller.stop();
    expect(most).toBe(1);
    expect(ticked[1]).toBe(ticked[0] + 1); // each tick is a round of its own, in call order
    expect(ticked[2]).toBe(ticked[1] + 1);
  });

  it('polls again at once while a round says so (a full batch), otherwise after the interval', async () => {
    const at: number[] = [];
    let left = 3;
    const poller = new Poller(async () => (at.push(Date.now()), left-- > 0), { name: 'test', intervalMs: 1000, again: (more) => more }).start();
    await until(() => at.length >= 5);
    await poller.stop();
    expect(at[3] - at[0]).toBeLessThan(500); // three "more" rounds back to back, then the one that found nothing
    expect(at[4] - at[3]).toBeGreaterThanOrEqual(990); // then the interval
  });

  it('backs off exponentially after failures, up to the maximum, and resets after a success', async () => {
    const logged: string[] = [];
    let failing = 4;
    let succeeded = 0;
    const poller = new Poller(
      async () => {
        if (failing-- > 0) throw new Error('API down');
        succeeded++;
      },
      { name: 'test', intervalMs: 10, maxBackoffMs: 50, log: (m) => logged.push(m) },
    ).start();
    await until(() => succeeded > 0);
    failing = 1;
    await until(() => logged.length > 4);
    await poller.stop();
    expect(logged).toEqual([
      'test: API down (again in 20 ms)',
      'test: API down (again in 40 ms)',
      'test: API down (again in 50 ms)',
      'test: API down (again in 50 ms)',
      'test: API down (again in 20 ms)', // after a success, from the start
    ]);
  });

  it('stop() waits for the round in progress and ends the loop', async () => {
    let rounds = 0;
    let finished = false;
    const poller = new Poller(
      async () => {
        rounds++;
        await sleep(50);
        finished = true;
      },
      { name: 'test', intervalMs: 1 },
    ).start();
    await sleep(10);
    await poller.stop();
    expect(finished).toBe(true);
    const after = rounds;
    await sleep(30);
    expect(rounds).toBe(after);
    await expect(poller.tick()).resolves.toBeUndefined(); // a stopped poller still runs a round on request
  });
});

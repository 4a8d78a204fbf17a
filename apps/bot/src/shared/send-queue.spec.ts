import { SendQueue } from './send-queue';

/**
 * A controllable clock: sleepers wake in time order and the clock jumps to
 * each wake-up, so schedules are exact and the test takes no real time.
 */
function fakeTime() {
  let t = 1_000_000;
  const timers: { at: number; wake: () => void }[] = [];
  let pumping = false;
  const pump = () => {
    pumping = false;
    timers.sort((a, b) => a.at - b.at);
    const next = timers.shift();
    if (!next) return;
    t = Math.max(t, next.at);
    next.wake();
    if (timers.length) schedule();
  };
  const schedule = () => {
    if (!pumping) {
      pumping = true;
      setImmediate(pump); // after every concurrent caller has registered its sleep
    }
  };
  return {
    now: () => t,
    sleep: (ms: number) =>
      new Promise<void>((wake) => {
        timers.push({ at: t + ms, wake });
        schedule();
      }),
    at: () => t,
  };
}

const tooMany = (retryAfter: number) =>
  Object.assign(new Error('429'), {
    response: { ok: false, error_code: 429, description: `Too Many Requests: retry after ${retryAfter}`, parameters: { retry_after: retryAfter } },
  });

describe('SendQueue', () => {
  it('spaces messages to one private chat by ~1 s and keeps their order', async () => {
    const time = fakeTime();
    const q = new SendQueue({ now: time.now, sleep: time.sleep });
    const sent: [string, number][] = [];
    await Promise.all(['a', 'b', 'c'].map((m) => q.run(42, async () => sent.push([m, time.at()]))));
    expect(sent.map(([m]) => m)).toEqual(['a', 'b', 'c']);
    expect(sent[1][1] - sent[0][1]).toBe(1050);
    expect(sent[2][1] - sent[1][1]).toBe(1050);
  });

  it('limits a group to 20 per minute and everything to ~30 per second', async () => {
    const time = fakeTime();
    const q = new SendQueue({ now: time.now, sleep: time.sleep });
    const group: number[] = [];
    await Promise.all(Array.from({ length: 3 }, () => q.run(-100123, async () => group.push(time.at()))));
    expect(group[2] - group[0]).toBe(6000);
    const many: number[] = [];
    await Promise.all(Array.from({ length: 31 }, (_, i) => q.run(i + 1, async () => many.push(time.at()))));
    expect(Math.max(...many) - Math.min(...many)).toBeGreaterThanOrEqual(30 * 34);
  });

  it('on 429 waits retry_after for that chat, then delivers; other chats are not held up', async () => {
    const time = fakeTime();
    const q = new SendQueue({ now: time.now, sleep: time.sleep });
    let failures = 1;
    const start = time.at();
    const delivered = await q.run(7, async () => {
      if (failures-- > 0) throw tooMany(3);
      return time.at();
    });
    expect(delivered - start).toBeGreaterThanOrEqual(3000);
    const other = await q.run(8, async () => time.at());
    expect(other).toBeLessThan(start + 3000 + 1000);
  });

  it('keeps a chat in order when one of its messages hits a 429', async () => {
    const time = fakeTime();
    const q = new SendQueue({ now: time.now, sleep: time.sleep });
    const sent: string[] = [];
    let failures = 1;
    await Promise.all(
      ['one', 'two', 'three'].map((m) =>
        q.run(9, async () => {
          if (m === 'two' && failures-- > 0) throw tooMany(5);
          sent.push(m);
        }),
      ),
    );
    expect(sent).toEqual(['one', 'two', 'three']);
  });

  it('gives up after the retry budget and never retries other errors', async () => {
    const time = fakeTime();
    const q = new SendQueue({ now: time.now, sleep: time.sleep, maxRetries: 2 });
    let calls = 0;
    await expect(
      q.run(1, async () => {
        calls++;
        throw tooMany(1);
      }),
    ).rejects.toThrow('429');
    expect(calls).toBe(3);
    calls = 0;
    await expect(
      q.run(1, async () => {
        calls++;
        throw new Error('Bad Request: chat not found');
      }),
    ).rejects.toThrow('chat not found');
    expect(calls).toBe(1);
  });

  it('does not pace edits per chat (they answer a press) but still honours a 429 pause', async () => {
    const time = fakeTime();
    const q = new SendQueue({ now: time.now, sleep: time.sleep });
    const edits: number[] = [];
    await Promise.all(Array.from({ length: 3 }, () => q.run(5, async () => edits.push(time.at()), { paced: false })));
    expect(edits[2] - edits[0]).toBeLessThan(1000);
    let failures = 1;
    const start = time.at();
    const done = await q.run(
      5,
      async () => {
        if (failures-- > 0) throw tooMany(2);
        return time.at();
      },
      { paced: false },
    );
    expect(done - start).toBeGreaterThanOrEqual(2000);
  });

  it('queues sending and editing, not callback answers or reads', () => {
    expect(SendQueue.isLimited('sendMessage')).toBe(true);
    expect(SendQueue.isPaced('sendMessage')).toBe(true);
    expect(SendQueue.isLimited('editMessageText')).toBe(true);
    expect(SendQueue.isPaced('editMessageText')).toBe(false);
    expect(SendQueue.isLimited('answerCallbackQuery')).toBe(false);
    expect(SendQueue.isLimited('getUpdates')).toBe(false);
  });
});

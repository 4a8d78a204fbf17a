import type { SendBudgetGrant } from '@megabot/contracts';
import { SharedSendBudget, type TakeTokens } from './send-budget';

/**
 * The API's bucket as a double (its SQL is tested over HTTP in apps/api/src/bot/send-budget): refilled by elapsed
 * time, capped at the burst, decremented by what it grants.
 */
function bucket(now: () => number) {
  let tokens: number | undefined;
  let at = 0;
  const grants: { at: number; granted: number }[] = [];
  const take: TakeTokens = async ({ want, ratePerS, burst }): Promise<SendBudgetGrant> => {
    const t = now();
    const available = tokens === undefined ? burst : Math.min(burst, tokens + ((t - at) / 1000) * ratePerS);
    const granted = Math.min(want, Math.floor(available));
    tokens = available - granted;
    at = t;
    grants.push({ at: t, granted });
    return { granted, retryAfterMs: granted ? 0 : Math.ceil(((1 - tokens) / ratePerS) * 1000) };
  };
  return { take, grants };
}

/** Virtual time: a sleep moves the clock. */
function clock() {
  let t = 1_000_000;
  return { now: () => t, sleep: async (ms: number) => void (t += ms) };
}

describe('SharedSendBudget', () => {
  it('two instances on one bucket together stay within its rate and burst, and both get to send', async () => {
    const c = clock();
    const api = bucket(c.now);
    const instances = [0, 1].map(() => new SharedSendBudget(api.take, { ratePerS: 10, ...c }));
    const sentBy: number[] = [];
    const sentAt: number[] = [];
    await Promise.all(
      instances.flatMap((budget, i) =>
        Array.from({ length: 25 }, () =>
          budget.acquire().then(() => {
            sentBy.push(i);
            sentAt.push(c.now());
          }),
        ),
      ),
    );
    expect(sentBy).toHaveLength(50);
    expect(new Set(sentBy)).toEqual(new Set([0, 1]));
    // burst 1 (a tenth of a second's worth): in any second at most rate + burst sends
    for (const start of sentAt) expect(sentAt.filter((t) => t >= start && t < start + 1000).length).toBeLessThanOrEqual(11);
    const elapsedS = (Math.max(...sentAt) - Math.min(...sentAt)) / 1000;
    expect(elapsedS).toBeGreaterThanOrEqual(4.8); // 50 tokens at 10/s, one in hand at the start
  });

  it('asks for as many tokens as there are waiters, up to the burst, and serves them in order', async () => {
    const c = clock();
    const api = bucket(c.now);
    const budget = new SharedSendBudget(api.take, { ratePerS: 100, ...c });
    expect(budget.burst).toBe(10);
    const order: number[] = [];
    await Promise.all(Array.from({ length: 30 }, (_, i) => budget.acquire().then(() => order.push(i))));
    expect(order).toEqual(Array.from({ length: 30 }, (_, i) => i));
    expect(api.grants[0]).toEqual({ at: expect.any(Number), granted: 10 });
    expect(Math.max(...api.grants.map((g) => g.granted))).toBeLessThanOrEqual(10);
  });

  it('when the API cannot be reached, sends go on (the queue still paces locally) and it is said once', async () => {
    const c = clock();
    const log: string[] = [];
    const budget = new SharedSendBudget(
      async () => {
        throw new Error('connect ECONNREFUSED');
      },
      { ratePerS: 30, log: (m) => log.push(m), ...c },
    );
    await Promise.all(Array.from({ length: 5 }, () => budget.acquire()));
    expect(log).toEqual([expect.stringMatching(/send budget: the API did not answer \(connect ECONNREFUSED\); sending at this instance's own pace/)]);
  });
});

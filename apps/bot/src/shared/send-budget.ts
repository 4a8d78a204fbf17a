import type { SendBudgetGrant } from '@megabot/contracts';

/**
 * Telegram's ~30 messages/s is a limit per bot, not per process: with several instances each pacing itself at the
 * full rate, together they exceed it and meet 429s. The instances take their sends' tokens from one bucket the API
 * keeps (POST /bot/send-budget). Waiters are served in order; one request is in flight at a time, asking for as
 * many tokens as there are waiters (up to the burst), so no instance holds tokens it does not use. If the API cannot be reached, sends go on at this instance's own pace (the send queue
 * keeps pacing locally as well) and that is logged: messages late are worse than a brief excess.
 */
export interface SendBudgetOptions {
  ratePerS: number;
  /** Tokens the shared bucket holds at most (default a tenth of a second's worth, at least 1). */
  burst?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  log?: (message: string) => void;
}

export type TakeTokens = (request: { want: number; ratePerS: number; burst: number }) => Promise<SendBudgetGrant>;

export class SharedSendBudget {
  private readonly waiters: (() => void)[] = [];
  private pumping = false;
  private lastFailureLog = -Infinity;
  readonly burst: number;
  private readonly o: Required<Omit<SendBudgetOptions, 'log' | 'burst'>> & Pick<SendBudgetOptions, 'log'>;

  constructor(
    private readonly take: TakeTokens,
    options: SendBudgetOptions,
  ) {
    this.burst = options.burst ?? Math.max(1, Math.floor(options.ratePerS / 10));
    this.o = {
      ratePerS: options.ratePerS,
      now: options.now ?? Date.now,
      sleep: options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms))),
      log: options.log,
    };
  }

  /** Resolves when this instance may send one message. */
  acquire(): Promise<void> {
    return new Promise((resolve) => {
      this.waiters.push(resolve);
      void this.pump();
    });
  }

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      await null; // the sends of the same tick (a handler's replies, a batch of notices) ask together
      while (this.waiters.length) {
        let grant: SendBudgetGrant;
        try {
          grant = await this.take({ want: Math.min(this.waiters.length, this.burst), ratePerS: this.o.ratePerS, burst: this.burst });
        } catch (e) {
          if (this.o.now() - this.lastFailureLog > 60_000) {
            this.lastFailureLog = this.o.now();
            this.o.log?.(`send budget: the API did not answer (${(e as Error).message}); sending at this instance's own pace`);
          }
          this.waiters.shift()!();
          continue;
        }
        if (grant.granted > 0) for (const resolve of this.waiters.splice(0, grant.granted)) resolve();
        else await this.o.sleep(Math.max(1, grant.retryAfterMs));
      }
    } finally {
      this.pumping = false;
    }
  }
}

import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { SendBudgetGrant } from '@megabot/contracts';
import { DataSource } from 'typeorm';

/** Take up to `want` tokens of a bot's Telegram send budget. */
export class TakeSendBudget extends Command<SendBudgetGrant> {
  constructor(
    readonly botId: string,
    readonly want: number,
    readonly ratePerS: number,
    readonly burst: number,
  ) {
    super();
  }
}

/**
 * One token bucket per bot in one row: refilled by the time since the last take (never by a negative time: a
 * take whose transaction started before the previous one committed gets no refill), capped at the burst, and
 * decremented by what is granted, all in one statement under the row's lock, so instances taking at once never
 * get more than the bucket holds.
 */
@CommandHandler(TakeSendBudget)
export class TakeSendBudgetHandler implements ICommandHandler<TakeSendBudget> {
  constructor(private readonly ds: DataSource) {}

  async execute({ botId, want, ratePerS, burst }: TakeSendBudget): Promise<SendBudgetGrant> {
    const available = `LEAST($3::double precision, b.tokens + GREATEST(0, EXTRACT(EPOCH FROM now() - b.updated_at)) * $2)`;
    const [row] = await this.ds.query(
      `INSERT INTO bot.send_budget AS b (bot_id, tokens, granted, updated_at)
       VALUES ($1, $3::double precision - LEAST($4, $3), LEAST($4, $3), now())
       ON CONFLICT (bot_id) DO UPDATE SET
         granted = LEAST($4, FLOOR(${available}))::int,
         tokens = ${available} - LEAST($4, FLOOR(${available})),
         updated_at = GREATEST(b.updated_at, now())
       RETURNING granted, tokens`,
      [botId, ratePerS, burst, want],
    );
    const granted = Number(row.granted);
    const tokens = Number(row.tokens);
    return { granted, retryAfterMs: granted > 0 ? 0 : Math.max(1, Math.ceil(((1 - tokens) / ratePerS) * 1000)) };
  }
}

import { randomBytes } from 'node:crypto';
import type { EventStore } from '@megabot/event-store';
import { hireAndBindTelegram } from '../../tools/testing/identity-fixtures';

/**
 * The people a benchmark acts as, authenticated like the real clients: hired employees with bound Telegram accounts,
 * on whose behalf the bot service calls the API (its BOT_API_TOKEN, and X-Telegram-User-Id - the API resolves the
 * employee itself). Headers are computed once per employee: the load generators only add an idempotency key.
 */
export class BenchActors {
  /** BOT_API_TOKEN of the API under test. */
  readonly botToken = randomBytes(32).toString('base64url');
  private readonly accounts = new Map<string, number>();

  constructor(private readonly telegramIdBase = 8_000_000_000) {}

  /** The bot service's headers, acting for a Telegram account when one is given. */
  bot(telegramUserId?: number): Record<string, string> {
    return { authorization: `Bearer ${this.botToken}`, ...(telegramUserId !== undefined && { 'x-telegram-user-id': String(telegramUserId) }) };
  }

  telegramIdOf(employeeId: string): number {
    const id = this.accounts.get(employeeId);
    if (id === undefined) throw new Error(`${employeeId} was not hired for the benchmark`);
    return id;
  }

  /** Headers acting as a hired employee (through the bot, for their Telegram account). */
  as(employeeId: string): Record<string, string> {
    return this.bot(this.telegramIdOf(employeeId));
  }

  /**
   * Hires the employees and binds a Telegram account to each, writing the events a hire and a verification write
   * (as tests do: tools/testing/identity-fixtures), and waits until the API resolves every account.
   */
  async hire(store: EventStore, apiUrl: string, employeeIds: string[]): Promise<void> {
    const fresh = employeeIds.filter((id) => !this.accounts.has(id));
    for (const id of fresh) this.accounts.set(id, this.telegramIdBase + this.accounts.size + 1);
    await hireAndBindTelegram(
      { store, apiUrl, bot: (tg) => this.bot(tg) },
      fresh.map((employeeId) => ({ employeeId, telegramUserId: this.telegramIdOf(employeeId) })),
    );
  }
}

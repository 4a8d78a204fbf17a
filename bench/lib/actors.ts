import { randomBytes } from 'node:crypto';
import type { EventStore } from '@megabot/event-store';
import { hireAndBindTelegram, type BoundEmployee } from '../../tools/testing/identity-fixtures';

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
   * Hires the employees and binds a Telegram account to each (the given one, or the next of this benchmark's), writing
   * the events a hire and a verification write (as tests do: tools/testing/identity-fixtures), and waits until the API
   * resolves every account. Several chunks at once: benchmarks hire thousands. Attributes (department, projects,
   * clearance…) as the fixtures take them; the Telegram account is the next of this benchmark's unless given.
   */
  async hire(store: EventStore, apiUrl: string, employees: (string | (Omit<BoundEmployee, 'telegramUserId'> & { telegramUserId?: number }))[]): Promise<void> {
    const fresh = employees
      .map((e) => (typeof e === 'string' ? { employeeId: e, telegramUserId: undefined } : e))
      .filter((e) => !this.accounts.has(e.employeeId))
      .map((e) => {
        const telegramUserId = e.telegramUserId ?? this.telegramIdBase + this.accounts.size + 1;
        this.accounts.set(e.employeeId, telegramUserId);
        return { ...e, telegramUserId };
      });
    const chunks = Array.from({ length: Math.ceil(fresh.length / 100) }, (_, i) => fresh.slice(i * 100, i * 100 + 100));
    for (let i = 0; i < chunks.length; i += 4) {
      await Promise.all(chunks.slice(i, i + 4).map((chunk) => hireAndBindTelegram({ store, apiUrl, bot: (tg) => this.bot(tg) }, chunk)));
    }
  }
}

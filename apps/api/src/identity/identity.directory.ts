import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { EmployeeAccessView, EmployeeView, TelegramIdentityView } from '@megabot/contracts';
import { accessViewOf, EMPLOYEE_COLUMNS, employeeViewOf, IDENTITY_CHANGES_CHANNEL, type EmployeeRow } from '@megabot/read-model';
import { DataSource } from 'typeorm';
import { DatabaseNotifications } from '../core/database-notifications';

/**
 * The identity read model as the API asks it on every request: who a Telegram
 * account is (with every update's claim), an employee's roles and
 * attributes (guards on every command). Answers come from an in-process cache
 * (hits and misses alike) that is invalidated by the identity projection's
 * notifications (IDENTITY_CHANGES_CHANNEL, sent at the commit of each batch
 * that changed employees or bindings) - not a database round trip per update.
 *
 * While the channel is not listened to (start, a dropped connection) nothing
 * is cached: a notice could be missed, so every answer goes to the database;
 * when it is listened to again the cache starts empty.
 */
@Injectable()
export class IdentityDirectory implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('IdentityDirectory');
  private readonly employees = new Map<string, EmployeeRow | null>();
  private readonly accounts = new Map<number, string | null>();
  private listening = false;
  private unsubscribe?: () => void;
  private migrated = true;
  /** Incremented by every invalidation: a read that started before one must not be cached. */
  private generation = 0;
  readonly stats = { hits: 0, misses: 0, invalidations: 0 };

  constructor(
    private readonly ds: DataSource,
    private readonly notifications: DatabaseNotifications,
  ) {}

  async onModuleInit() {
    const [{ migrated }] = await this.ds.query(`SELECT to_regclass('identity.employees') IS NOT NULL AS migrated`);
    this.migrated = migrated;
    if (!migrated) this.logger.warn('identity.employees does not exist (migrations not run): roles come from ADMIN_EMPLOYEE_IDS / AUDITOR_EMPLOYEE_IDS only');
    this.unsubscribe = await this.notifications.subscribe(IDENTITY_CHANGES_CHANNEL, {
      onNotify: (payload) => this.invalidate(changeOf(payload)),
      onListening: () => {
        this.invalidate('*');
        this.listening = true;
      },
      onDropped: () => {
        this.listening = false;
        this.invalidate('*');
      },
    });
  }

  onModuleDestroy() {
    this.listening = false;
    this.unsubscribe?.();
  }

  get caching(): boolean {
    return this.listening;
  }

  /** The employee's read-model row (active or dismissed), null when unknown. */
  async employee(employeeId: string): Promise<EmployeeRow | null> {
    if (this.employees.has(employeeId)) {
      this.stats.hits++;
      return this.employees.get(employeeId)!;
    }
    this.stats.misses++;
    const generation = this.generation;
    // A database without the identity read model (not migrated, e.g. a bare test database): nobody is an employee.
    if (!this.migrated) return null;
    const rows: EmployeeRow[] = await this.ds.query(`SELECT ${EMPLOYEE_COLUMNS} FROM identity.employees WHERE employee_id = $1`, [employeeId]);
    const row = rows[0] ?? null;
    if (this.caching && generation === this.generation) remember(this.employees, employeeId, row);
    return row;
  }

  async employeeView(employeeId: string): Promise<EmployeeView | null> {
    const row = await this.employee(employeeId);
    return row && employeeViewOf(row);
  }

  async access(employeeId: string): Promise<EmployeeAccessView | null> {
    const row = await this.employee(employeeId);
    return row && accessViewOf(row);
  }

  /** Who the Telegram account acts as: an active employee bound to it, else null. */
  async byTelegram(telegramUserId: number): Promise<TelegramIdentityView | null> {
    let employeeId: string | null;
    if (this.accounts.has(telegramUserId)) {
      this.stats.hits++;
      employeeId = this.accounts.get(telegramUserId)!;
    } else {
      this.stats.misses++;
      const generation = this.generation;
      const rows: { employee_id: string }[] = await this.ds.query(`SELECT employee_id FROM identity.telegram_bindings WHERE telegram_user_id = $1`, [
        telegramUserId,
      ]);
      employeeId = rows[0]?.employee_id ?? null;
      if (this.caching && generation === this.generation) remember(this.accounts, telegramUserId, employeeId);
    }
    if (employeeId === null) return null;
    const row = await this.employee(employeeId);
    if (!row || row.status !== 'active' || Number(row.telegram_user_id) !== telegramUserId) return null;
    return { telegramUserId, employeeId, fullName: row.full_name, roles: [...row.roles], language: null };
  }

  /** Active or dismissed employee by normalized e-mail (the verification's directory lookup; prefers the active one). */
  async byEmail(email: string): Promise<EmployeeRow | null> {
    const rows: EmployeeRow[] = await this.ds.query(
      `SELECT ${EMPLOYEE_COLUMNS} FROM identity.employees WHERE email = $1 ORDER BY (status = 'active') DESC, hired_at DESC LIMIT 1`,
      [email],
    );
    return rows[0] ?? null;
  }

  /** Active employees with a bound account (not cached: read every few seconds by the bot's notification delivery). */
  async activeBindings(): Promise<{ employeeId: string; telegramUserId: number }[]> {
    const rows: { employee_id: string; telegram_user_id: string }[] = await this.ds.query(
      `SELECT b.employee_id, b.telegram_user_id FROM identity.telegram_bindings b
         JOIN identity.employees e ON e.employee_id = b.employee_id AND e.status = 'active' AND e.telegram_user_id = b.telegram_user_id
        ORDER BY b.employee_id`,
    );
    return rows.map((r) => ({ employeeId: r.employee_id, telegramUserId: Number(r.telegram_user_id) }));
  }

  /** Drops cached entries (a notice from the projection, or this process's own write). */
  invalidate(change: { employees?: string[]; accounts?: number[] } | '*') {
    this.generation++;
    this.stats.invalidations++;
    if (change === '*') {
      this.employees.clear();
      this.accounts.clear();
      return;
    }
    for (const id of change.employees ?? []) this.employees.delete(id);
    for (const id of change.accounts ?? []) this.accounts.delete(id);
  }
}

/** A notice's payload: the employees and accounts that changed, or everything ('*', or a payload not understood). */
function changeOf(payload: string): { employees?: string[]; accounts?: number[] } | '*' {
  if (payload === '' || payload === '*') return '*';
  try {
    const { e, t } = JSON.parse(payload) as { e?: string[]; t?: number[] };
    return { employees: e, accounts: t };
  } catch {
    return '*';
  }
}

/**
 * Entries each cache keeps at most: every employee of a large company, with room to spare. Misses (strangers,
 * unknown ids - anyone can send those) count too, so a flood of made-up ids cannot grow memory without bound.
 */
export const MAX_CACHED_ENTRIES = 100_000;

/** Caches a value; over the cap the oldest entries go (a Map iterates in insertion order). */
export function remember<K, V>(cache: Map<K, V>, key: K, value: V, max = MAX_CACHED_ENTRIES): void {
  cache.delete(key);
  cache.set(key, value);
  if (cache.size <= max) return;
  for (const oldest of cache.keys()) {
    cache.delete(oldest);
    if (cache.size <= max) break;
  }
}

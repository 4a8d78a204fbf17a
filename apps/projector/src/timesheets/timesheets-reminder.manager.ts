import { createHash } from 'node:crypto';
import { TIMESHEETS_DEFAULT_TIME_ZONE } from '@megabot/contracts';
import { addDays, utcDateOf } from '@megabot/domain';
import { intlOffsetAt } from '@megabot/platform';
import { WorkingDaysReader } from '@megabot/read-model';
import type { DataSource } from 'typeorm';
import { PollingManager, type PollingOptions } from '../polling-manager';

export interface TimesheetsReminderOptions extends PollingOptions {
  /** Local hour (in the employee's zone) from which the day's reminder is made; default 11. */
  hour?: number;
  /** How many working days back are looked at; default 5. */
  lookbackDays?: number;
}

/** A name-based UUID (version 5 layout) of a reminder: one per employee and local day, however often it is derived. */
export function timesheetsReminderId(employeeId: string, date: string): string {
  const h = createHash('sha1').update(`timesheets-reminder:${employeeId}:${date}`).digest();
  h[6] = (h[6] & 0x0f) | 0x50;
  h[8] = (h[8] & 0x3f) | 0x80;
  const hex = h.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/**
 * Reminds employees who log time of the working days they left empty: once a
 * local day, from `hour` on in their zone (their office's, else the default),
 * and only on a day they are expected to work (the production calendar of
 * their office or country, Monday to Friday in a year with none imported,
 * not on leave: WorkingDaysReader, as the API's summaries), a notice into the timesheets outbox listing the
 * empty working days among the last `lookbackDays` (after the hire, outside
 * closed periods). Who logs time: active employees with a bound Telegram
 * account on at least one open project. The bot's deliverer sends it through
 * the one outbox (`notify.deliveries`), and skips it once every listed day
 * has time. Idempotent by construction: the id is derived from the employee
 * and the date, the insert ignores a conflict.
 */
export class TimesheetsReminderManager extends PollingManager {
  readonly name = 'timesheets-reminders';
  private readonly hour: number;
  private readonly lookbackDays: number;
  private readonly workingDays: WorkingDaysReader;

  constructor(
    private readonly ds: DataSource,
    options: TimesheetsReminderOptions = {},
  ) {
    super({ pollMs: 60_000, ...options });
    this.hour = options.hour ?? 11;
    this.lookbackDays = options.lookbackDays ?? 5;
    this.workingDays = new WorkingDaysReader(ds);
  }

  async tick(): Promise<{ reminded: number }> {
    const now = this.clock();
    const people: { employee_id: string; hired_at: Date; zone: string }[] = await this.ds.query(
      `SELECT e.employee_id, e.hired_at, coalesce(o.time_zone, $1) AS zone
         FROM identity.employees e LEFT JOIN rooms.offices o ON o.office_id = e.office
        WHERE e.status = 'active' AND e.telegram_user_id IS NOT NULL
          AND EXISTS (SELECT 1 FROM timesheets.projects p WHERE p.code = ANY (e.projects) AND p.status = 'open')
          AND NOT EXISTS (SELECT 1 FROM timesheets_outbox.reminders r
                           WHERE r.recipient_id = e.employee_id AND r.date = to_char($2::timestamptz AT TIME ZONE coalesce(o.time_zone, $1), 'YYYY-MM-DD'))
        ORDER BY e.employee_id`,
      [TIMESHEETS_DEFAULT_TIME_ZONE, now.toISOString()],
    );
    const due: { employeeId: string; date: string; candidates: string[] }[] = [];
    const daysToLog = await this.workingDays.daysToLog(people.map((p) => p.employee_id));
    for (const p of people) {
      const local = new Date(now.getTime() + intlOffsetAt(p.zone, now.getTime()) * 60_000);
      const today = local.toISOString().slice(0, 10);
      const isWorkingDay = daysToLog(p.employee_id);
      if (local.getUTCHours() < this.hour || !isWorkingDay(today)) continue;
      const hiredOn = utcDateOf(p.hired_at);
      const candidates: string[] = [];
      for (let d = addDays(today, -1); candidates.length < this.lookbackDays && d >= hiredOn && d > addDays(today, -31); d = addDays(d, -1))
        if (isWorkingDay(d)) candidates.push(d);
      if (candidates.length) due.push({ employeeId: p.employee_id, date: today, candidates });
    }
    if (due.length === 0) return { reminded: 0 };
    const from = due.flatMap((d) => d.candidates).sort()[0];
    const logged: { employee_id: string; date: string }[] = await this.ds.query(
      `SELECT DISTINCT employee_id, date FROM timesheets.entries WHERE employee_id = ANY ($1) AND date >= $2 AND NOT deleted`,
      [due.map((d) => d.employeeId), from],
    );
    const closed = new Set<string>(
      (await this.ds.query(`SELECT period FROM timesheets.periods WHERE status = 'closed'`)).map((r: { period: string }) => r.period),
    );
    const has = new Set(logged.map((r) => `${r.employee_id}\u0000${r.date}`));
    const rows = due.flatMap(({ employeeId, date, candidates }) => {
      const missing = candidates.filter((d) => !has.has(`${employeeId}\u0000${d}`) && !closed.has(d.slice(0, 7))).sort();
      return missing.length ? [{ id: timesheetsReminderId(employeeId, date), recipient_id: employeeId, date, missing, created_at: now.toISOString() }] : [];
    });
    if (rows.length === 0) return { reminded: 0 };
    const inserted: unknown[] = await this.ds.query(
      `INSERT INTO timesheets_outbox.reminders (id, recipient_id, date, missing, created_at)
       SELECT r.id, r.recipient_id, r.date, ARRAY(SELECT jsonb_array_elements_text(r.missing)), r.created_at
         FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, recipient_id text, date text, missing jsonb, created_at timestamptz)
       ON CONFLICT DO NOTHING RETURNING id`,
      [JSON.stringify(rows)],
    );
    if (inserted.length) this.options.log?.(`timesheets: ${inserted.length} reminder(s) of empty days`);
    return { reminded: inserted.length };
  }
}

import type { CodeIssued } from '@megabot/contracts';
import type { EventStore, RecordedEvent } from '@megabot/event-store';
import { IDENTITY_MAIL_CHANNEL, LogReactor, type ReactorSql } from '@megabot/read-model';
import type { DataSource } from 'typeorm';

/**
 * Queues a verification e-mail for every CodeIssued that goes out (an active
 * employee's address; `suppressed` codes are decoys and send nothing), one
 * row per event id in identity_ops.mail_queue. Its checkpoint lives outside
 * every rebuilt schema: a projection rebuild never queues a mail again.
 *
 * The event holds only a keyed hash of the code, so the row names the code
 * (verification, number, hash) and the API - which holds the key and stored
 * the code before appending - finds it and sends (CodeMailSender).
 */
export class CodeMailReactor {
  readonly name = 'identity-code-mail';
  private readonly reactor: LogReactor;

  constructor(store: EventStore, ds: DataSource, options: { log?: (message: string) => void; clock?: () => Date } = {}) {
    const clock = options.clock ?? (() => new Date());
    this.reactor = new LogReactor(store, ds, {
      name: this.name,
      log: options.log,
      handles: (type) => type === 'CodeIssued',
      handle: (events, sql) => queue(events as RecordedEvent<CodeIssued['data']>[], sql, clock()),
    });
  }

  start(): void {
    this.reactor.start();
  }

  stop(): Promise<void> {
    return this.reactor.stop();
  }
}

async function queue(events: RecordedEvent<CodeIssued['data']>[], sql: ReactorSql, now: Date): Promise<void> {
  for (const e of events) {
    const d = e.data;
    if (d.employeeId === null || d.suppressed !== null) continue; // a decoy: nothing is sent, on purpose
    if (Date.parse(d.expiresAt) <= now.getTime()) continue; // catching up on old history: too late to matter
    await sql.query(
      `INSERT INTO identity_ops.mail_queue (event_id, recipient, telegram_user_id, code_no, code_hash, expires_at) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (event_id) DO NOTHING`,
      [e.id, d.email, d.telegramUserId, d.codeNo, d.codeHash, d.expiresAt],
    );
  }
  if (events.length) await sql.query(`SELECT pg_notify($1, '')`, [IDENTITY_MAIL_CHANNEL]);
}

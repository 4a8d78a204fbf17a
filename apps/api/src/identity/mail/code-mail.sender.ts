import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { verificationCodeSalt } from '@megabot/domain';
import { IDENTITY_MAIL_CHANNEL } from '@megabot/read-model';
import { DataSource } from 'typeorm';
import { DatabaseNotifications } from '../../core/database-notifications';
import { IDENTITY_SETTINGS_TOKEN, type IdentitySettings } from '../identity.settings';
import { codeMail } from './code-mail';
import { createMailer, type Mailer } from './mailer';

const MAX_BACKOFF_MS = 5 * 60_000;

interface QueuedMail {
  event_id: string;
  recipient: string;
  telegram_user_id: string | null;
  code_no: number | null;
  code_hash: string | null;
  subject: string | null;
  body: string | null;
  expires_at: Date;
  attempts: number;
}

/**
 * Sends the verification e-mails the projector's CodeMailReactor queued (one
 * row per CodeIssued event id, so a mail is sent once however often the event
 * is read). It takes due rows one at a time (FOR UPDATE SKIP LOCKED: any
 * number of API instances share the queue), finds the code among the ones
 * stored before the append (the event only has its keyed hash, and only the
 * API has the key), sends through SMTP or the outbox, and marks the row sent
 * - the code leaves the database then. Failures are retried with backoff
 * until the code expires.
 */
@Injectable()
export class CodeMailSender implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('CodeMail');
  readonly mailer: Mailer;
  private timer?: NodeJS.Timeout;
  private sending?: Promise<unknown>;
  private unsubscribe?: () => void;
  private stopped = true;

  constructor(
    private readonly ds: DataSource,
    @Inject(IDENTITY_SETTINGS_TOKEN) private readonly settings: IdentitySettings,
    private readonly notifications: DatabaseNotifications,
  ) {
    this.mailer = createMailer({ smtpUrl: settings.smtpUrl, from: settings.mailFrom, outboxDir: settings.outboxDir });
  }

  async onApplicationBootstrap() {
    if (!this.settings.mailer) return;
    const [{ migrated }] = await this.ds.query(`SELECT to_regclass('identity_ops.mail_queue') IS NOT NULL AS migrated`);
    if (!migrated) return void this.logger.warn('identity_ops.mail_queue does not exist (migrations not run): verification e-mails are not sent');
    this.stopped = false;
    this.schedule(0);
    // a notice sends at once; after a reconnect, what was queued meanwhile is looked for (the poll covers the rest)
    this.unsubscribe = await this.notifications.subscribe(IDENTITY_MAIL_CHANNEL, { onNotify: () => this.schedule(0), onListening: () => this.schedule(0) });
  }

  async onModuleDestroy() {
    this.stopped = true;
    clearTimeout(this.timer);
    this.unsubscribe?.();
    await this.sending;
    await this.mailer.close();
  }

  private schedule(ms: number) {
    if (this.stopped) return;
    if (ms === 0 && this.sending) return void (this.again = true);
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.sending = this.sendDue()
        .catch((e) => this.logger.warn(`mail sender: ${(e as Error).message}`))
        .finally(() => {
          this.sending = undefined;
          const again = this.again;
          this.again = false;
          this.schedule(again ? 0 : 1000);
        });
    }, ms);
  }
  private again = false;

  /** Sends every due mail; returns how many were sent. */
  async sendDue(): Promise<number> {
    let sent = 0;
    for (;;) {
      const done = await this.sendOne();
      if (done === 'none') return sent;
      if (done === 'sent') sent++;
    }
  }

  private async sendOne(): Promise<'sent' | 'failed' | 'none'> {
    const q = this.ds.createQueryRunner();
    await q.connect();
    try {
      await q.startTransaction();
      const rows: QueuedMail[] = await q.query(
        `SELECT event_id, recipient, telegram_user_id, code_no, code_hash, subject, body, expires_at, attempts FROM identity_ops.mail_queue
          WHERE sent_at IS NULL AND next_attempt_at <= now() ORDER BY created_at LIMIT 1 FOR UPDATE SKIP LOCKED`,
      );
      if (!rows.length) {
        await q.commitTransaction();
        return 'none';
      }
      const m = rows[0];
      const give = async (reason: string) => {
        await q.query(`UPDATE identity_ops.mail_queue SET sent_at = now(), body = NULL, last_error = $2 WHERE event_id = $1`, [m.event_id, reason]);
        await q.commitTransaction();
        this.logger.warn(`verification mail to ${m.recipient} not sent: ${reason}`);
        return 'failed' as const;
      };
      if (new Date(m.expires_at).getTime() <= Date.now()) return give('the code expired before it could be sent');
      let code: string | undefined;
      let sealed: string | undefined;
      if (m.telegram_user_id !== null) {
        const candidates: { sealed_code: string }[] = await q.query(`SELECT sealed_code FROM identity_ops.pending_codes WHERE telegram_user_id = $1`, [
          m.telegram_user_id,
        ]);
        const salt = verificationCodeSalt(Number(m.telegram_user_id), m.code_no!);
        const match = candidates
          .map((c) => ({ sealed: c.sealed_code, code: this.settings.openCode(c.sealed_code) }))
          .find((c) => c.code !== null && this.settings.hashCode(c.code, salt) === m.code_hash);
        if (!match) return give('the code is not among the stored ones (another key, or it was never stored)');
        code = match.code!;
        sealed = match.sealed;
      }
      const mail = code
        ? codeMail(m.event_id, m.recipient, code, this.settings.policy.codeTtlMinutes)
        : { id: m.event_id, to: m.recipient, subject: m.subject ?? '', text: m.body ?? '' };
      try {
        await this.mailer.send(mail);
      } catch (e) {
        const backoff = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** m.attempts);
        await q.query(
          `UPDATE identity_ops.mail_queue SET attempts = attempts + 1, last_error = $2, next_attempt_at = now() + $3 * interval '1 millisecond' WHERE event_id = $1`,
          [m.event_id, (e as Error).message.slice(0, 500), backoff],
        );
        await q.commitTransaction();
        this.logger.warn(`verification mail to ${m.recipient} failed (attempt ${m.attempts + 1}): ${(e as Error).message}`);
        return 'failed';
      }
      await q.query(
        `UPDATE identity_ops.mail_queue SET sent_at = now(), subject = $3, body = NULL, attempts = attempts + 1, last_error = NULL, transport = $2 WHERE event_id = $1`,
        [m.event_id, this.mailer.kind, mail.subject.replace(/\d{4,}/g, '…')],
      );
      if (sealed) await q.query(`DELETE FROM identity_ops.pending_codes WHERE telegram_user_id = $1 AND sealed_code = $2`, [m.telegram_user_id, sealed]);
      await q.commitTransaction();
      return 'sent';
    } catch (e) {
      if (q.isTransactionActive) await q.rollbackTransaction().catch(() => undefined);
      throw e;
    } finally {
      await q.release();
    }
  }
}

import { Inject } from '@nestjs/common';
import { Command, CommandHandler, QueryBus, type ICommandHandler } from '@nestjs/cqrs';
import { randomInt } from 'node:crypto';
import type { VerificationStatusView } from '@megabot/contracts';
import { normalizeEmail, type RequestVerificationCode } from '@megabot/domain';
import type { CommandContext } from '@megabot/event-store';
import { DataSource } from 'typeorm';
import { problem } from '../../../core/problem';
import { WriteSides } from '../../../core/write-side';
import { IdentityDirectory } from '../../identity.directory';
import { IDENTITY_SETTINGS_TOKEN, type IdentitySettings } from '../../identity.settings';
import { VERIFICATION_WRITE_SIDE, type VerificationDefinition } from '../../identity.write-sides';
import { VerificationStatusQuery } from '../verification-status/verification-status.handler';

/** `length` cryptographically random decimal digits (node:crypto; the decider only checks the shape). */
export function randomDigits(length: number): string {
  let code = '';
  for (let i = 0; i < length; i++) code += String(randomInt(0, 10));
  return code;
}

/** The user typed their e-mail: the domain command without what the handler adds (who owns the address, the fresh code). */
export class RequestCode extends Command<VerificationStatusView> {
  constructor(
    readonly command: Omit<RequestVerificationCode, 'recipient' | 'code'>,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/**
 * Every answer a Telegram user can observe is a VerificationStatusView or a
 * domain error that does not depend on whether the typed address is in the
 * directory: the directory is asked either way, a code is generated and
 * stored either way, and the decider writes the same CodeIssued (a decoy for
 * unknown addresses).
 */
@CommandHandler(RequestCode)
export class RequestCodeHandler implements ICommandHandler<RequestCode> {
  constructor(
    @Inject(VERIFICATION_WRITE_SIDE) private readonly definition: VerificationDefinition,
    @Inject(IDENTITY_SETTINGS_TOKEN) private readonly settings: IdentitySettings,
    private readonly writeSides: WriteSides,
    private readonly directory: IdentityDirectory,
    private readonly queries: QueryBus,
    private readonly ds: DataSource,
  ) {}

  async execute({ command, context }: RequestCode): Promise<VerificationStatusView> {
    const { telegramUserId, email } = command;
    const address = normalizeEmail(email);
    await this.countRequest(address);
    const row = await this.directory.byEmail(address);
    const recipient = row && { employeeId: row.employee_id, active: row.status === 'active' };
    const code = randomDigits(this.settings.policy.codeLength);
    // Stored (sealed) before the append, so the mailer always finds it; known or not, the same work is done.
    const sealed = this.settings.sealCode(code);
    await this.ds.query(
      `INSERT INTO identity_ops.pending_codes (telegram_user_id, sealed_code, expires_at) VALUES ($1, $2, now() + $3 * interval '1 minute') ON CONFLICT DO NOTHING`,
      [telegramUserId, sealed, this.settings.policy.codeTtlMinutes + 1],
    );
    try {
      await this.writeSides.of(this.definition).execute({ ...command, recipient, code }, context);
    } catch (e) {
      await this.ds
        .query(`DELETE FROM identity_ops.pending_codes WHERE telegram_user_id = $1 AND sealed_code = $2`, [telegramUserId, sealed])
        .catch(() => undefined);
      throw e;
    }
    if (Math.random() < 0.05) {
      void this.ds.query(`DELETE FROM identity_ops.pending_codes WHERE expires_at < now()`).catch(() => undefined);
      void this.ds.query(`DELETE FROM identity_ops.code_requests WHERE requested_at < now() - interval '1 hour'`).catch(() => undefined);
    }
    return this.queries.execute(new VerificationStatusQuery(telegramUserId));
  }

  /**
   * Codes for one address are limited whichever Telegram accounts ask (the per-account limit is the decider's):
   * nobody floods a colleague's mailbox by rotating accounts. Counted for known and unknown addresses alike, so the
   * answer still tells nothing about who is in the directory.
   */
  private async countRequest(address: string): Promise<void> {
    const hash = this.settings.hashEmail(address);
    const [{ recent, oldest }] = await this.ds.query(
      `SELECT count(*)::int AS recent, min(requested_at) AS oldest FROM identity_ops.code_requests WHERE email_hash = $1 AND requested_at > now() - interval '1 hour'`,
      [hash],
    );
    if (recent >= this.settings.codesPerEmailPerHour) {
      const retryAfter = Math.max(1, Math.ceil((new Date(oldest).getTime() + 3600_000 - Date.now()) / 1000));
      throw problem(429, 'identity.email_code_limit', 'Too many codes were asked for this address in the last hour; try again later', undefined, {
        retryAfter,
      });
    }
    await this.ds.query(`INSERT INTO identity_ops.code_requests (email_hash) VALUES ($1)`, [hash]);
  }
}

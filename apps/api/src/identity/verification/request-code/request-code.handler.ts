import { Inject } from '@nestjs/common';
import { Command, CommandHandler, QueryBus, type ICommandHandler } from '@nestjs/cqrs';
import { randomInt } from 'node:crypto';
import type { VerificationStatusView } from '@megabot/contracts';
import { normalizeEmail, type RequestVerificationCode } from '@megabot/domain';
import type { CommandContext } from '@megabot/event-store';
import { DataSource } from 'typeorm';
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
    const row = await this.directory.byEmail(normalizeEmail(email));
    const recipient = row && { employeeId: row.employee_id, active: row.status === 'active' };
    const code = randomDigits(this.settings.policy.codeLength);
    // Stored before the append, so the mailer always finds it; known or not, the same work is done.
    await this.ds.query(
      `INSERT INTO identity_ops.pending_codes (telegram_user_id, code, expires_at) VALUES ($1, $2, now() + $3 * interval '1 minute') ON CONFLICT DO NOTHING`,
      [telegramUserId, code, this.settings.policy.codeTtlMinutes + 1],
    );
    try {
      await this.writeSides.of(this.definition).execute({ ...command, recipient, code }, context);
    } catch (e) {
      await this.ds.query(`DELETE FROM identity_ops.pending_codes WHERE telegram_user_id = $1 AND code = $2`, [telegramUserId, code]).catch(() => undefined);
      throw e;
    }
    if (Math.random() < 0.05) void this.ds.query(`DELETE FROM identity_ops.pending_codes WHERE expires_at < now()`).catch(() => undefined);
    return this.queries.execute(new VerificationStatusQuery(telegramUserId));
  }
}

import { Injectable } from '@nestjs/common';
import { randomInt } from 'node:crypto';
import type { VerificationEvent, VerificationStatusView, VerifyCodeResultView } from '@megabot/contracts';
import { normalizeEmail, verificationStatusOf, verifyCodeResultOf, type VerificationState } from '@megabot/domain';
import { DataSource } from 'typeorm';
import { IdentityDirectory } from '../identity.directory';
import { IdentityWriteModel, type IdentityCommandContext } from '../identity.write-model';
import { EmployeesService } from '../employees/employees.service';

/** `code.length` cryptographically random decimal digits (node:crypto; the decider only checks the shape). */
export function randomDigits(length: number): string {
  let code = '';
  for (let i = 0; i < length; i++) code += String(randomInt(0, 10));
  return code;
}

/**
 * The bot's verification flow over the verification decider. Every answer a
 * Telegram user can observe is a VerificationStatusView or a domain error that
 * does not depend on whether the typed address is in the directory: the
 * directory is asked either way, a code is generated and stored either way,
 * and the decider writes the same CodeIssued (a decoy for unknown addresses).
 */
@Injectable()
export class VerificationService {
  constructor(
    private readonly write: IdentityWriteModel,
    private readonly directory: IdentityDirectory,
    private readonly employees: EmployeesService,
    private readonly ds: DataSource,
  ) {}

  private get policy() {
    return this.write.settings.policy;
  }

  async status(telegramUserId: number): Promise<VerificationStatusView> {
    return this.view(await this.write.verificationState(telegramUserId), telegramUserId);
  }

  async start(telegramUserId: number, ctx: IdentityCommandContext): Promise<VerificationStatusView> {
    await this.write.verification({ type: 'StartVerification', telegramUserId }, ctx);
    return this.status(telegramUserId);
  }

  async cancel(telegramUserId: number, ctx: IdentityCommandContext): Promise<VerificationStatusView> {
    await this.write.verification({ type: 'CancelVerification', telegramUserId }, ctx);
    return this.status(telegramUserId);
  }

  async requestCode(telegramUserId: number, email: string, ctx: IdentityCommandContext): Promise<VerificationStatusView> {
    const row = await this.directory.byEmail(normalizeEmail(email));
    const recipient = row && { employeeId: row.employee_id, active: row.status === 'active' };
    const code = randomDigits(this.policy.codeLength);
    // Stored before the append, so the mailer always finds it; known or not, the same work is done.
    await this.ds.query(
      `INSERT INTO identity_ops.pending_codes (telegram_user_id, code, expires_at) VALUES ($1, $2, now() + $3 * interval '1 minute') ON CONFLICT DO NOTHING`,
      [telegramUserId, code, this.policy.codeTtlMinutes + 1],
    );
    try {
      await this.write.verification({ type: 'RequestVerificationCode', telegramUserId, email, recipient, code }, ctx, {
        type: 'RequestVerificationCode',
        telegramUserId,
        email,
      });
    } catch (e) {
      await this.ds.query(`DELETE FROM identity_ops.pending_codes WHERE telegram_user_id = $1 AND code = $2`, [telegramUserId, code]).catch(() => undefined);
      throw e;
    }
    if (Math.random() < 0.05) void this.ds.query(`DELETE FROM identity_ops.pending_codes WHERE expires_at < now()`).catch(() => undefined);
    return this.status(telegramUserId);
  }

  /**
   * Checks the code; on success binds the account to the employee (and releases it from an employee it was bound to
   * before), then waits until the identity read model shows the binding, so the bot's next lookup finds it.
   */
  async submitCode(telegramUserId: number, code: string, ctx: IdentityCommandContext): Promise<VerifyCodeResultView & { employeeId: string | null }> {
    const { events, result } = await this.write.verification({ type: 'SubmitVerificationCode', telegramUserId, code }, ctx);
    let view: VerifyCodeResultView;
    let succeeded: Extract<VerificationEvent, { type: 'VerificationSucceeded' }> | undefined;
    if (result.duplicate) {
      // A retried request: answer from the stream as it is now.
      const state = await this.write.verificationState(telegramUserId);
      const status = this.view(state, telegramUserId);
      view =
        state.step === 'verified'
          ? { outcome: 'verified', attemptsLeft: 0, lockedUntil: null }
          : status.step === 'locked'
            ? { outcome: 'locked', attemptsLeft: 0, lockedUntil: status.lockedUntil }
            : { outcome: 'rejected', attemptsLeft: status.attemptsLeft, lockedUntil: null };
      if (state.step === 'verified' && state.email && state.verifiedEmployeeId) {
        succeeded = {
          type: 'VerificationSucceeded',
          data: { telegramUserId, codeNo: 0, employeeId: state.verifiedEmployeeId, email: state.email, verifiedAt: '' },
        };
      }
    } else {
      view = verifyCodeResultOf(events);
      succeeded = events.find((e) => e.type === 'VerificationSucceeded') as typeof succeeded;
    }
    if (!succeeded) return { ...view, employeeId: null };
    await this.employees.bindTelegram(succeeded.data.employeeId, telegramUserId, succeeded.data.email, ctx);
    return { ...view, employeeId: succeeded.data.employeeId };
  }

  private view(state: VerificationState, telegramUserId: number): VerificationStatusView {
    return verificationStatusOf(state, telegramUserId, new Date(), this.policy);
  }
}

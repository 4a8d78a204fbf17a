import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import type { LoginChallengeView, LoginStatus } from '@megabot/contracts';
import { normalizeEmail } from '@megabot/domain';
import { DataSource } from 'typeorm';
import { randomToken, sameSecret, sha256 } from '../../core/access/secrets';
import { Sessions, type OpenedSession } from '../../core/access/sessions';
import { problem } from '../../core/problem';
import { IdentityDirectory } from '../../identity/identity.directory';

/** A login waits this long for the employee's answer in the bot. */
export const LOGIN_TTL_SECONDS = 300;
/** Pending logins of one employee at once: more would only flood their chat. */
const MAX_PENDING_PER_EMPLOYEE = 3;

interface ChallengeRow {
  challenge_id: string;
  employee_id: string | null;
  telegram_user_id: string | null;
  browser_secret_hash: string;
  status: Exclude<LoginStatus, 'expired'>;
  expires_at: Date;
}

const statusOf = (row: ChallengeRow): LoginStatus => (row.status === 'pending' && new Date(row.expires_at).getTime() <= Date.now() ? 'expired' : row.status);
const viewOf = (row: ChallengeRow): LoginChallengeView => ({
  challengeId: row.challenge_id,
  status: statusOf(row),
  expiresAt: new Date(row.expires_at).toISOString(),
});

/**
 * A browser asks to sign in as an employee: the employee's bound Telegram
 * account gets a message with "It's me" / "Not me" buttons (the notices
 * outbox), and only this browser - holding the secret of its cookie - can
 * turn the confirmed login into a session. The answer is the same whether or
 * not the employee exists or has Telegram bound (nothing to enumerate): such
 * a login simply never gets confirmed.
 */
export class StartLogin extends Command<LoginChallengeView & { browserSecret: string }> {
  constructor(
    readonly who: { employeeId?: string; email?: string },
    readonly userAgent: string | undefined,
  ) {
    super();
  }
}

@CommandHandler(StartLogin)
export class StartLoginHandler implements ICommandHandler<StartLogin> {
  constructor(
    private readonly ds: DataSource,
    private readonly directory: IdentityDirectory,
  ) {}

  async execute({ who, userAgent }: StartLogin) {
    const row = who.employeeId ? await this.directory.employee(who.employeeId) : await this.directory.byEmail(normalizeEmail(who.email ?? ''));
    const bound = row && row.status === 'active' && row.telegram_user_id !== null ? row : null;
    if (bound) {
      const [{ pending }] = await this.ds.query(
        `SELECT count(*)::int AS pending FROM auth.login_challenges WHERE employee_id = $1 AND status = 'pending' AND expires_at > now()`,
        [bound.employee_id],
      );
      if (pending >= MAX_PENDING_PER_EMPLOYEE)
        throw problem(
          429,
          'auth.too_many_logins',
          'Too many sign-ins are waiting for an answer in Telegram; answer them or try again in a few minutes',
          undefined,
          { retryAfter: LOGIN_TTL_SECONDS },
        );
    }
    const browserSecret = randomToken(24);
    const [created]: ChallengeRow[] = await this.ds.query(
      `INSERT INTO auth.login_challenges (challenge_id, employee_id, telegram_user_id, browser_secret_hash, status, user_agent, expires_at)
       VALUES ($1, $2, $3, $4, 'pending', $5, now() + $6 * interval '1 second') RETURNING *`,
      [randomUUID(), bound?.employee_id ?? null, bound?.telegram_user_id ?? null, sha256(browserSecret), userAgent?.slice(0, 200) ?? null, LOGIN_TTL_SECONDS],
    );
    return { ...viewOf(created), browserSecret };
  }
}

/** The employee answers in the bot: only the Telegram account bound to the login's employee may. */
export class DecideLogin extends Command<LoginChallengeView> {
  constructor(
    readonly challengeId: string,
    readonly employeeId: string | undefined,
    readonly approve: boolean,
  ) {
    super();
  }
}

@CommandHandler(DecideLogin)
export class DecideLoginHandler implements ICommandHandler<DecideLogin> {
  constructor(private readonly ds: DataSource) {}

  async execute({ challengeId, employeeId, approve }: DecideLogin): Promise<LoginChallengeView> {
    const [row]: ChallengeRow[] = await this.ds.query(`SELECT * FROM auth.login_challenges WHERE challenge_id = $1`, [challengeId]);
    if (!row || !employeeId || row.employee_id !== employeeId) throw problem(404, 'auth.login_not_found', 'No such sign-in is waiting for you');
    if (statusOf(row) !== 'pending') {
      if (statusOf(row) === (approve ? 'confirmed' : 'denied')) return viewOf(row); // the same answer again (a double tap)
      throw problem(409, 'auth.login_decided', `This sign-in is ${statusOf(row)} already`, undefined, { status: statusOf(row) });
    }
    const [[updated]] = (await this.ds.query(
      `UPDATE auth.login_challenges SET status = $2, decided_at = now() WHERE challenge_id = $1 AND status = 'pending' RETURNING *`,
      [challengeId, approve ? 'confirmed' : 'denied'],
    )) as [ChallengeRow[], number];
    return viewOf(updated ?? row);
  }
}

/** The browser that started a confirmed login takes its session (once). */
export class CompleteLogin extends Command<{ status: LoginStatus; session?: OpenedSession; employeeId?: string }> {
  constructor(
    readonly challengeId: string,
    readonly browserSecret: string | undefined,
    readonly userAgent: string | undefined,
  ) {
    super();
  }
}

@CommandHandler(CompleteLogin)
export class CompleteLoginHandler implements ICommandHandler<CompleteLogin> {
  constructor(
    private readonly ds: DataSource,
    private readonly sessions: Sessions,
  ) {}

  async execute({ challengeId, browserSecret, userAgent }: CompleteLogin) {
    const [row]: ChallengeRow[] = await this.ds.query(`SELECT * FROM auth.login_challenges WHERE challenge_id = $1`, [challengeId]);
    if (!row || !browserSecret || !sameSecret(sha256(browserSecret), row.browser_secret_hash)) {
      throw problem(404, 'auth.login_not_found', 'No such sign-in started in this browser');
    }
    const status = statusOf(row);
    if (status !== 'confirmed') return { status };
    const [[used]] = (await this.ds.query(`UPDATE auth.login_challenges SET status = 'used' WHERE challenge_id = $1 AND status = 'confirmed' RETURNING *`, [
      challengeId,
    ])) as [ChallengeRow[], number];
    if (!used) return { status: 'used' as const };
    return { status: 'confirmed' as const, employeeId: used.employee_id!, session: await this.sessions.open(used.employee_id!, 'login', userAgent) };
  }
}

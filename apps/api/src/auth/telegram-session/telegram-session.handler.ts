import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { API_OPTIONS, type ApiOptions } from '../../core/api-options';
import { Sessions, type OpenedSession } from '../../core/access/sessions';
import { problem } from '../../core/problem';
import { RolesService } from '../../core/roles.service';
import { IdentityDirectory } from '../../identity/identity.directory';
import { verifyInitData, verifyLoginWidget, type ProofResult } from '../telegram-proofs';

/** A Web App's initData is good for this long after Telegram signed it (the page opens a session at once). */
export const INIT_DATA_MAX_AGE_SECONDS = 600;
/** A Login Widget payload is good for a day (Telegram's own guidance; the page posts it right after the login). */
export const WIDGET_MAX_AGE_SECONDS = 86_400;

/**
 * A session from Telegram's word for who the user is: a Web App's initData
 * or a Login Widget payload, verified with the bot's token. Each proof opens
 * one session (its hash is kept until it would have expired: a replay is
 * refused), and only for the active employee bound to the Telegram account -
 * a stranger gets nothing but 401.
 */
export class OpenTelegramSession extends Command<{ session: OpenedSession; employeeId: string; roles: string[] }> {
  constructor(
    readonly proof: { initData: string } | { widget: Record<string, string | number> },
    readonly userAgent: string | undefined,
  ) {
    super();
  }
}

@CommandHandler(OpenTelegramSession)
export class OpenTelegramSessionHandler implements ICommandHandler<OpenTelegramSession> {
  constructor(
    @Inject(API_OPTIONS) private readonly options: ApiOptions,
    private readonly ds: DataSource,
    private readonly sessions: Sessions,
    private readonly directory: IdentityDirectory,
    private readonly roles: RolesService,
  ) {}

  async execute({ proof, userAgent }: OpenTelegramSession) {
    const token = this.options.auth?.telegramBotToken;
    if (!token) throw problem(503, 'auth.telegram_unavailable', 'This deployment has no Telegram bot token to check Telegram logins with');
    const now = new Date();
    const webApp = 'initData' in proof;
    const result: ProofResult = webApp
      ? verifyInitData(proof.initData, token, now, INIT_DATA_MAX_AGE_SECONDS)
      : verifyLoginWidget(proof.widget, token, now, WIDGET_MAX_AGE_SECONDS);
    if (!result.ok) throw problem(401, `auth.telegram_${result.reason}`, `Telegram's proof of who you are was refused (${result.reason.replaceAll('_', ' ')})`);
    const maxAge = webApp ? INIT_DATA_MAX_AGE_SECONDS : WIDGET_MAX_AGE_SECONDS;
    const inserted: unknown[] = await this.ds.query(
      `INSERT INTO auth.webapp_init_data (hash, telegram_user_id, expires_at) VALUES ($1, $2, to_timestamp($3)) ON CONFLICT (hash) DO NOTHING RETURNING hash`,
      [result.hash, result.user.id, result.authDate + maxAge],
    );
    if (!inserted.length) throw problem(401, 'auth.telegram_replayed', 'This proof was used already: open the app again from the bot');
    if (Math.random() < 0.02) void this.ds.query(`DELETE FROM auth.webapp_init_data WHERE expires_at < now()`).catch(() => undefined);
    const bound = await this.directory.byTelegram(result.user.id);
    if (!bound) throw problem(401, 'auth.telegram_not_employee', 'This Telegram account is not a verified employee: verify in the bot first');
    const roles = await this.roles.rolesOf(bound.employeeId);
    return { session: await this.sessions.open(bound.employeeId, webApp ? 'webapp' : 'widget', userAgent), employeeId: bound.employeeId, roles };
  }
}

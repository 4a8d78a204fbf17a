import type { Telegraf } from 'telegraf';
import { ApiProblem } from '../shared/api-client';
import { langOf } from '../shared/language';
import type { AuthApi } from './auth.api';
import { t } from './auth.i18n';
import { AUTH_CALLBACK } from './auth.notices';

/** The employee answers a sign-in request: the button is answered, the message says what happened. */
export function registerAuth(bot: Telegraf, deps: { api: AuthApi }) {
  bot.action(AUTH_CALLBACK, async (ctx) => {
    const [, answer, challengeId] = ctx.match;
    const lang = langOf(ctx);
    let text: string;
    try {
      const view = await deps.api.decideLogin(challengeId, answer === 'y', ctx.from.id);
      text = view.status === 'confirmed' ? t(lang, 'auth.login_confirmed') : t(lang, 'auth.login_denied');
    } catch (e) {
      if (!(e instanceof ApiProblem) || ![404, 409].includes(e.problem.status)) throw e;
      text = t(lang, 'auth.login_gone');
    }
    await ctx.answerCbQuery();
    await ctx.editMessageText(text).catch(() => undefined);
  });
}

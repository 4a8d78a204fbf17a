import type { Context, MiddlewareFn } from 'telegraf';
import type { BotChatStatus } from '@megabot/contracts';
import { actorOfIdentity, type ActorLookup } from '../shared/actor';
import { ApiProblem } from '../shared/api-client';
import { html } from '../shared/escape';
import type { Language } from '../shared/i18n';
import { langOf } from '../shared/language';
import type { IdentityApi } from './identity.api';
import { t } from './identity.i18n';
import { updateKey } from '../shared/update-claims';

/**
 * Who a Telegram user is, through the API's identity lookup (a cache there, invalidated by identity events): for updates
 * without a claim (the claim answers it in the same round trip).
 */
export function identityLookup(api: IdentityApi): ActorLookup {
  return async (user) => {
    const who = await api.whoIs(user.id);
    return who ? actorOfIdentity(who) : undefined;
  };
}

const looksLikeEmail = (text: string) => /^[^\s@]+@[^\s@]+$/.test(text);

function time(lang: Language, iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  const fmt = new Intl.DateTimeFormat(lang === 'ru' ? 'ru-RU' : 'en-GB', {
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'UTC',
  });
  return `${fmt.format(d)} UTC`;
}

export interface IdentityGateOptions {
  /** The menu a newly verified employee gets (the features' commands; the bot composes it). */
  startMenu: (ctx: Context, lang: Language) => Promise<string>;
  log?: (message: string) => void;
}

/**
 * The gate after resolveActor: bound employees pass; a stranger (no actor)
 * reaches only the verification flow in a private chat - nothing else
 * answers them - and is ignored silently in groups. It also reports the bot's
 * own membership changes (my_chat_member) to the API, whoever made them: the
 * chats the bot administers are where dismissed employees are removed from.
 */
export function identityGate(api: IdentityApi, options: IdentityGateOptions): MiddlewareFn<Context> {
  const log = options.log ?? (() => undefined);
  return async (ctx, next) => {
    const update = ctx.update;
    if ('my_chat_member' in update) {
      const m = update.my_chat_member;
      if (m.chat.type !== 'private') {
        const member = m.new_chat_member as { status: BotChatStatus; can_restrict_members?: boolean };
        await api
          .reportChat(
            {
              chatId: m.chat.id,
              title: (m.chat as { title?: string }).title ?? String(m.chat.id),
              chatType: m.chat.type,
              status: member.status,
              canRestrictMembers: member.status === 'creator' || (member.status === 'administrator' && member.can_restrict_members === true),
              date: m.date,
            },
            updateKey(ctx, 'mcm'),
          )
          .catch((e: unknown) => log(`could not report chat ${m.chat.id}: ${(e as Error).message}`));
      }
      return ctx.state.actor ? next() : undefined;
    }
    if (ctx.state.actor) return next();
    // A stranger from here on.
    if (!ctx.from || ctx.chat?.type !== 'private') {
      if (ctx.callbackQuery) await ctx.answerCbQuery().catch(() => undefined); // no spinner, no text: silent
      return;
    }
    const lang = langOf(ctx);
    if (ctx.callbackQuery) {
      await ctx.answerCbQuery(t(lang, 'identity.verify_first'), { show_alert: true }).catch(() => undefined);
      return;
    }
    if (!ctx.message) return; // edits, reactions...: nothing to answer
    const text = 'text' in ctx.message ? ctx.message.text.trim() : undefined;
    const reply = (key: Parameters<typeof t>[1], params: Record<string, string | number> = {}) => ctx.reply(t(lang, key, params), { parse_mode: 'HTML' });
    try {
      await verificationStep(ctx, api, text, lang, reply, options.startMenu);
    } catch (e) {
      if (!(e instanceof ApiProblem)) throw e;
      const p = e.problem as Record<string, unknown> & { code?: string };
      switch (p.code) {
        case 'identity.invalid_email':
          return void (await reply('identity.invalid_email'));
        case 'identity.email_domain_not_allowed':
          return void (await reply('identity.domain_not_allowed', { domains: ((p.allowedDomains as string[]) ?? []).map((d) => `@${d}`).join(', ') }));
        case 'identity.verification_locked':
          return void (await reply('identity.locked', { until: time(lang, p.lockedUntil as string) }));
        case 'identity.too_many_codes':
          return void (await reply('identity.too_many_codes', { when: time(lang, p.retryAt as string) }));
        case 'identity.code_expired':
          return void (await reply('identity.code_expired'));
        case 'identity.invalid_code_format':
          return void (await reply('identity.code_format', { digits: Number(p.codeLength) || 6 }));
        case 'identity.no_active_code':
          return void (await reply('identity.no_code'));
        default:
          throw e;
      }
    }
  };
}

async function verificationStep(
  ctx: Context,
  api: IdentityApi,
  text: string | undefined,
  lang: Language,
  reply: (key: Parameters<typeof t>[1], params?: Record<string, string | number>) => Promise<unknown>,
  startMenu: IdentityGateOptions['startMenu'],
): Promise<void> {
  const tg = ctx.from!.id;
  const key = updateKey(ctx, 'idv');
  const command = text?.match(/^\/([a-z_]+)(@\w+)?(\s|$)/i)?.[1]?.toLowerCase();
  const codeSent = (v: { email: string | null; codeLength: number }) => reply('identity.code_sent', { email: html(v.email ?? ''), digits: v.codeLength });

  if (command === 'cancel') {
    await api.cancel(tg, key);
    await reply('identity.cancelled');
    await reply('identity.ask_email');
    return;
  }
  const status = await api.status(tg);
  if (status.step === 'locked') return void (await reply('identity.locked', { until: time(lang, status.lockedUntil) }));
  if (command === 'resend') {
    if (!status.email) return void (await reply('identity.ask_email'));
    return void (await codeSent(await api.requestCode(tg, status.email, key)));
  }
  if (command && command !== 'start' && status.step === 'awaiting_code') return void (await codeSent(status)); // e.g. /lots: only the flow answers
  if (command === 'start' || text === undefined) {
    if (status.step === 'awaiting_code') return void (await codeSent(status));
    await api.start(tg, key);
    return void (await reply('identity.ask_email'));
  }
  if (looksLikeEmail(text)) return void (await codeSent(await api.requestCode(tg, text, key)));
  if (status.step === 'awaiting_code' && !command) {
    const result = await api.submitCode(tg, text, key);
    if (result.outcome === 'verified') {
      const who = await api.whoIs(tg);
      await reply('identity.welcome', { name: html(who?.fullName ?? ctx.from!.first_name) });
      await ctx.reply(await startMenu(ctx, lang), { parse_mode: 'HTML' });
      return;
    }
    if (result.outcome === 'locked') return void (await reply('identity.locked', { until: time(lang, result.lockedUntil) }));
    return void (await reply('identity.code_wrong', { left: result.attemptsLeft }));
  }
  if (status.step === 'code_expired') return void (await reply('identity.code_expired'));
  if (status.step === 'awaiting_email' && !command) return void (await reply('identity.invalid_email'));
  await api.start(tg, key);
  await reply('identity.ask_email');
}

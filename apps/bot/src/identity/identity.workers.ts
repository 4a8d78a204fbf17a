import type { Telegram } from 'telegraf';
import { t, type Language } from '../shared/i18n';
import type { IdentityApi, TelegramNotice } from './identity.api';

export interface IdentityWorkersOptions {
  api: IdentityApi;
  telegram: Telegram;
  intervalMs?: number;
  log?: (message: string) => void;
}

export interface IdentityWorkers {
  /** One round: notices, then removals; returns what was done. */
  tick(): Promise<{ notices: number; removals: number; failures: number }>;
  stop(): Promise<void>;
}

const NOTICE_KEY = { rebound: 'identity.notice_rebound', admin: 'identity.notice_admin', dismissed: 'identity.notice_dismissed' } as const;

/** The account's language is not known any more (it is unbound): both languages, Russian first. */
export const noticeText = (n: TelegramNotice) => (['ru', 'en'] as Language[]).map((l) => t(l, NOTICE_KEY[n.reason])).join('\n\n');

/**
 * The bot's side of identity side effects, polled from the API (the bot keeps
 * no state; several instances share the work):
 * - notices to Telegram accounts that lost their binding (replaced by a new
 *   account, unbound by an admin, dismissed) - marked delivered before they are
 *   sent, so at most once;
 * - offboarding: each due task removes a dismissed employee's account from one
 *   chat - banChatMember, then unbanChatMember with only_if_banned so they can
 *   rejoin if rehired - and reports done or failed (the API retries failures
 *   with backoff and lists them for admins).
 */
export function startIdentityWorkers(options: IdentityWorkersOptions): IdentityWorkers {
  const log = options.log ?? ((m: string) => console.warn(`[bot] ${m}`));
  const { api, telegram } = options;
  let stopped = false;
  let running: Promise<unknown> | undefined;
  let timer: NodeJS.Timeout | undefined;

  const tick = async () => {
    const done = { notices: 0, removals: 0, failures: 0 };
    for (const n of (await api.pendingNotices()).items) {
      if (!(await api.noticeDelivered(n.id)).first) continue;
      try {
        await telegram.sendMessage(n.telegramUserId, noticeText(n));
        done.notices++;
      } catch (e) {
        log(`notice ${n.id} to ${n.telegramUserId} not sent: ${(e as Error).message}`);
      }
    }
    for (const task of await api.offboardingTasks()) {
      try {
        await telegram.banChatMember(task.chatId, task.telegramUserId);
        try {
          await telegram.unbanChatMember(task.chatId, task.telegramUserId, { only_if_banned: true });
        } catch (e) {
          // Basic groups have no unban: the ban alone removed them (an admin re-adds a rehired employee).
          if (!/supergroup and channel chats only/i.test((e as Error).message)) throw e;
        }
        await api.reportTask(task.taskId, 'done');
        done.removals++;
      } catch (e) {
        const message = (e as Error).message;
        // Not a member any more / already gone counts as done; everything else is retried by the API with backoff.
        if (/user not found|USER_NOT_PARTICIPANT|PARTICIPANT_ID_INVALID/i.test(message)) {
          await api.reportTask(task.taskId, 'done');
          done.removals++;
          continue;
        }
        done.failures++;
        log(`removing ${task.telegramUserId} from chat ${task.chatId} failed: ${message}`);
        await api.reportTask(task.taskId, 'failed', message).catch(() => undefined);
      }
    }
    return done;
  };

  const loop = async () => {
    while (!stopped) {
      running = tick().catch((e) => log(`identity workers: ${(e as Error).message}`));
      await running;
      if (!stopped) await new Promise((r) => (timer = setTimeout(r, options.intervalMs ?? 2000)));
    }
  };
  void loop();
  return {
    tick,
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}

/**
 * Who receives auction notifications: every active employee with a bound
 * account, refreshed from the API every `intervalMs`, with the language to write
 * in: their /language choice, else their Telegram client's, else Russian.
 */
export function identityRecipients(api: IdentityApi, intervalMs = 10_000, log: (m: string) => void = (m) => console.warn(`[bot] ${m}`)) {
  let current = new Map<string, { telegramId: number; language: Language }>();
  let timer: NodeJS.Timeout | undefined;
  const refresh = async () => {
    try {
      const { items } = await api.bindings();
      const languages: Record<string, Language | null> = {};
      for (let i = 0; i < items.length; i += 1000) Object.assign(languages, (await api.languages(items.slice(i, i + 1000).map((b) => b.telegramUserId))).languages);
      // the user's choice, else their Telegram client's language; Russian when the bot has never heard from them
      current = new Map(items.map((b) => [b.employeeId, { telegramId: b.telegramUserId, language: languages[String(b.telegramUserId)] ?? ('ru' as Language) }]));
    } catch (e) {
      log(`could not refresh bound employees: ${(e as Error).message}`);
    }
  };
  void refresh();
  timer = setInterval(() => void refresh(), intervalMs);
  timer.unref();
  return { recipients: () => current, refresh, stop: () => clearInterval(timer) };
}

import type { Telegram } from 'telegraf';
import { Poller } from '../shared/poller';
import type { IdentityApi } from './identity.api';

export interface OffboardingOptions {
  api: IdentityApi;
  telegram: Telegram;
  intervalMs?: number;
  log?: (message: string) => void;
}

export interface OffboardingRound {
  removals: number;
  failures: number;
}

/**
 * Offboarding, the bot's side: each due task (leased to this instance by the API) removes a dismissed employee's
 * account from one chat - banChatMember, then unbanChatMember with only_if_banned so they can rejoin if rehired - and
 * reports done or failed; the API retries failures with backoff and lists them for admins.
 */
export function offboardingExecutor(options: OffboardingOptions): Poller<OffboardingRound> {
  const log = options.log ?? ((m: string) => console.warn(`[bot] ${m}`));
  const { api, telegram } = options;

  const round = async (): Promise<OffboardingRound> => {
    const done = { removals: 0, failures: 0 };
    for (const task of await api.offboardingTasks()) {
      try {
        await telegram.banChatMember(task.chatId, task.telegramUserId);
        try {
          await telegram.unbanChatMember(task.chatId, task.telegramUserId, { only_if_banned: true });
        } catch (e) {
          // Basic groups have no unban: the ban alone removed them (an admin re-adds a rehired employee).
          if (!/supergroup and channel chats only/i.test((e as Error).message)) throw e;
        }
        await api.reportTask(task, 'done');
        done.removals++;
      } catch (e) {
        const message = (e as Error).message;
        // Not a member any more / already gone counts as done; everything else is retried by the API with backoff.
        if (/user not found|USER_NOT_PARTICIPANT|PARTICIPANT_ID_INVALID/i.test(message)) {
          await api.reportTask(task, 'done');
          done.removals++;
          continue;
        }
        done.failures++;
        log(`removing ${task.telegramUserId} from chat ${task.chatId} failed: ${message}`);
        await api.reportTask(task, 'failed', message).catch(() => undefined);
      }
    }
    return done;
  };

  return new Poller(round, { name: 'offboarding', intervalMs: options.intervalMs ?? 2000, log });
}

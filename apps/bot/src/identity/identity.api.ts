import type {
  LeasedOffboardingTaskView,
  ReportBotChatMembershipDto,
  TelegramIdentityView,
  VerificationStatusView,
  VerifyCodeResultView,
} from '@megabot/contracts';
import { ApiProblem, seg, type ApiClient } from '../shared/api-client';

/** The identity endpoints the bot uses: who an account is, the verification flow, the chats it administers, offboarding. */
export class IdentityApi {
  constructor(private readonly http: ApiClient) {}

  /** Who the account acts as; null for a stranger (404). */
  async whoIs(telegramUserId: number): Promise<TelegramIdentityView | null> {
    try {
      return await this.http.get<TelegramIdentityView>(`/identity/telegram/${telegramUserId}`);
    } catch (e) {
      if (e instanceof ApiProblem && e.problem.status === 404) return null;
      throw e;
    }
  }

  status(telegramUserId: number): Promise<VerificationStatusView> {
    return this.http.get('/identity/verification', undefined, telegramUserId);
  }

  start(telegramUserId: number, key: string): Promise<VerificationStatusView> {
    return this.command('/identity/verification/start', {}, key, telegramUserId);
  }

  requestCode(telegramUserId: number, email: string, key: string): Promise<VerificationStatusView> {
    return this.command('/identity/verification/code', { email }, key, telegramUserId);
  }

  submitCode(telegramUserId: number, code: string, key: string): Promise<VerifyCodeResultView & { employeeId: string | null }> {
    return this.command('/identity/verification/submit', { code }, key, telegramUserId);
  }

  cancel(telegramUserId: number, key: string): Promise<VerificationStatusView> {
    return this.command('/identity/verification/cancel', {}, key, telegramUserId);
  }

  reportChat(report: ReportBotChatMembershipDto, key: string): Promise<unknown> {
    return this.command('/identity/chats/bot-membership', report, key);
  }

  /** Due removals of dismissed employees from chats, leased to this caller for a minute. */
  offboardingTasks(limit = 20): Promise<LeasedOffboardingTaskView[]> {
    return this.http.request({ method: 'GET', path: '/identity/offboarding/tasks', query: { limit } });
  }

  /** Reported with the lease the task was handed out with (another instance's report is refused). */
  reportTask(task: LeasedOffboardingTaskView, outcome: 'done' | 'failed', error?: string): Promise<unknown> {
    return this.http.request({
      method: 'POST',
      path: `/identity/offboarding/tasks/${seg(task.taskId)}/report`,
      body: error === undefined ? { leaseToken: task.leaseToken, outcome } : { leaseToken: task.leaseToken, outcome, error: error.slice(0, 1000) },
    });
  }

  /** `actor`: the Telegram account the bot acts for - the API takes it from the header only, never from a body. */
  private command<T>(path: string, body: unknown, idempotencyKey: string, actor?: number): Promise<T> {
    return this.http.request({ method: 'POST', path, body, idempotencyKey, actor });
  }
}

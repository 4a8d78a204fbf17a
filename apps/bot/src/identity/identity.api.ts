import type {
  OffboardingTaskView,
  ProblemDetails,
  ReportBotChatMembershipDto,
  TelegramIdentityView,
  VerificationStatusView,
  VerifyCodeResultView,
} from '@megabot/contracts';
import { ApiProblem } from '../shared/api-client';

export interface TelegramNotice {
  id: string;
  telegramUserId: number;
  employeeId: string;
  reason: 'rebound' | 'admin' | 'dismissed';
  createdAt: string;
}

/** The identity endpoints the bot uses (lookup, verification, chats, offboarding, notices). */
export class IdentityApi {
  constructor(private readonly baseUrl: string) {}

  /** Who the account acts as; null for a stranger (404). */
  async whoIs(telegramUserId: number): Promise<TelegramIdentityView | null> {
    try {
      return await this.get<TelegramIdentityView>(`/identity/telegram/${telegramUserId}`);
    } catch (e) {
      if (e instanceof ApiProblem && e.problem.status === 404) return null;
      throw e;
    }
  }

  status(telegramUserId: number): Promise<VerificationStatusView> {
    return this.get(`/identity/verification/${telegramUserId}`);
  }

  start(telegramUserId: number, key: string): Promise<VerificationStatusView> {
    return this.post('/identity/verification/start', { telegramUserId }, key);
  }

  requestCode(telegramUserId: number, email: string, key: string): Promise<VerificationStatusView> {
    return this.post('/identity/verification/code', { telegramUserId, email }, key);
  }

  submitCode(telegramUserId: number, code: string, key: string): Promise<VerifyCodeResultView & { employeeId: string | null }> {
    return this.post('/identity/verification/submit', { telegramUserId, code }, key);
  }

  cancel(telegramUserId: number, key: string): Promise<VerificationStatusView> {
    return this.post('/identity/verification/cancel', { telegramUserId }, key);
  }

  reportChat(report: ReportBotChatMembershipDto, key: string): Promise<unknown> {
    return this.post('/identity/chats/bot-membership', report, key);
  }

  offboardingTasks(limit = 20): Promise<OffboardingTaskView[]> {
    return this.get(`/identity/offboarding/tasks?limit=${limit}`);
  }

  reportTask(taskId: string, outcome: 'done' | 'failed', error?: string): Promise<unknown> {
    return this.post(`/identity/offboarding/tasks/${encodeURIComponent(taskId)}/report`, error === undefined ? { outcome } : { outcome, error: error.slice(0, 1000) });
  }

  pendingNotices(): Promise<{ items: TelegramNotice[] }> {
    return this.get('/identity/notices/pending');
  }

  noticeDelivered(id: string): Promise<{ id: string; first: boolean }> {
    return this.post(`/identity/notices/${encodeURIComponent(id)}/delivered`, {});
  }

  /** The language to write to each Telegram user in (their /language choice, else their client's; null: unknown). */
  languages(telegramUserIds: number[]): Promise<{ languages: Record<string, 'ru' | 'en' | null> }> {
    return this.post('/bot/users/languages', { telegramUserIds });
  }

  bindings(): Promise<{ items: { employeeId: string; telegramUserId: number }[] }> {
    return this.get('/identity/telegram-bindings');
  }

  private async get<T>(path: string): Promise<T> {
    return this.parse<T>(await fetch(this.baseUrl + path, { headers: { accept: 'application/json' } }));
  }

  private async post<T>(path: string, body: unknown, key?: string): Promise<T> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (key) headers['idempotency-key'] = key;
    return this.parse<T>(await fetch(this.baseUrl + path, { method: 'POST', headers, body: JSON.stringify(body) }));
  }

  private async parse<T>(res: Response): Promise<T> {
    const body = (await res.json().catch(() => ({}))) as T & ProblemDetails;
    if (!res.ok) throw new ApiProblem({ ...body, status: res.status, title: body.title ?? res.statusText, type: body.type ?? 'about:blank' });
    return body;
  }
}

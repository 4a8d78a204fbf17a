import type { CopyWeekResultDto, LogTimeResultDto, TeamWeekView, WeekSummaryView } from '@megabot/contracts';
import type { ApiClient } from '../shared/api-client';

/** The time-logging part of the API (commands carry the actor and an idempotency key). */
export class TimesheetsApi {
  constructor(private readonly http: ApiClient) {}

  /** The week of `date` (default: this week); `waitFor` a position a command answered. */
  week(actor: number, date?: string, waitFor?: string): Promise<WeekSummaryView> {
    return this.http.get('/timesheets/week', { date, waitFor }, actor);
  }
  /** The caller's direct reports' week of `date` (default: this week), with their entries. */
  team(actor: number, date?: string): Promise<TeamWeekView> {
    return this.http.get('/timesheets/team', { date }, actor);
  }
  log(body: { date: string; project: string; minutes: number }, actor: number, key: string): Promise<LogTimeResultDto> {
    return this.http.request({ method: 'POST', path: '/timesheets/entries', body, actor, idempotencyKey: key });
  }
  logText(text: string, actor: number, key: string): Promise<LogTimeResultDto> {
    return this.http.request({ method: 'POST', path: '/timesheets/entries/text', body: { text }, actor, idempotencyKey: key });
  }
  copyLastWeek(actor: number, key: string): Promise<CopyWeekResultDto> {
    return this.http.request({ method: 'POST', path: '/timesheets/week/copy', body: {}, actor, idempotencyKey: key });
  }
}

import type { CalendarView, NotificationSettingsView, UsefulLinksView } from '@megabot/contracts';
import { seg, type ApiClient } from '../shared/api-client';

/** The company part of the API: links and production calendars (read by employees), and muting announcements. */
export class CompanyApi {
  constructor(private readonly http: ApiClient) {}

  links(viewer: number): Promise<UsefulLinksView> {
    return this.http.get('/company/links', undefined, viewer);
  }
  calendar(region: string, year: number, viewer: number): Promise<CalendarView> {
    return this.http.get(`/company/calendars/${seg(region)}/${year}`, undefined, viewer);
  }
  notificationSettings(actor: number): Promise<NotificationSettingsView> {
    return this.http.get('/notifications/settings', undefined, actor);
  }
  /** The whole muted list is replaced: the caller passes it with announcements added or removed. */
  changeNotificationSettings(muted: string[], actor: number): Promise<NotificationSettingsView> {
    return this.http.request({ method: 'PUT', path: '/notifications/settings', body: { muted }, actor });
  }
}

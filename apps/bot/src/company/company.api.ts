import type { CalendarView, UsefulLinksView } from '@megabot/contracts';
import { seg, type ApiClient } from '../shared/api-client';

/** The company part of the API: links and production calendars (read by employees). */
export class CompanyApi {
  constructor(private readonly http: ApiClient) {}

  links(viewer: number): Promise<UsefulLinksView> {
    return this.http.get('/company/links', undefined, viewer);
  }
  calendar(region: string, year: number, viewer: number): Promise<CalendarView> {
    return this.http.get(`/company/calendars/${seg(region)}/${year}`, undefined, viewer);
  }
}

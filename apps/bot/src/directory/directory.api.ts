import type { DirectoryCardView, DirectorySearchView } from '@megabot/contracts';
import { seg, type ApiClient } from '../shared/api-client';

/** The directory part of the API; `viewer` is the Telegram user the bot acts for (the API applies their rights). */
export class DirectoryApi {
  constructor(private readonly http: ApiClient) {}

  search(q: string, viewer: number, limit = 8): Promise<DirectorySearchView> {
    return this.http.get('/directory/search', { q, limit }, viewer);
  }
  /** `asColleague`: only what every colleague sees (a card shared in a chat). */
  card(employeeId: string, viewer: number, asColleague = false): Promise<DirectoryCardView> {
    return this.http.get(`/directory/employees/${seg(employeeId)}`, { view: asColleague ? 'colleague' : undefined }, viewer);
  }
  vcard(employeeId: string, viewer: number): Promise<string> {
    return this.http.request({ path: `/directory/employees/${seg(employeeId)}/vcard`, actor: viewer, as: 'text' });
  }
}

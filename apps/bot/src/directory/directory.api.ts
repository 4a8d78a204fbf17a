import type { CommandResultDto, DirectoryCardView, DirectoryPrivacy, DirectorySearchView } from '@megabot/contracts';
import { seg, type ApiClient } from '../shared/api-client';

/** The directory part of the API; `viewer` is the Telegram user the bot acts for (the API applies their rights). */
export class DirectoryApi {
  constructor(private readonly http: ApiClient) {}

  search(q: string, viewer: number, limit = 8): Promise<DirectorySearchView> {
    return this.http.get('/directory/search', { q, limit }, viewer);
  }
  /** `asColleague`: only what every colleague sees (a card shared in a chat); `waitFor` a position a command answered. */
  card(employeeId: string, viewer: number, asColleague = false, waitFor?: string): Promise<DirectoryCardView> {
    return this.http.get(`/directory/employees/${seg(employeeId)}`, { view: asColleague ? 'colleague' : undefined, waitFor }, viewer);
  }
  /** Only the flags given change. */
  changePrivacy(employeeId: string, privacy: Partial<DirectoryPrivacy>, actor: number, key: string): Promise<CommandResultDto> {
    return this.http.request({ method: 'PUT', path: `/directory/employees/${seg(employeeId)}/privacy`, body: privacy, actor, idempotencyKey: key });
  }
  /** A Telegram file id or an https URL; null removes the photo. */
  changePhoto(employeeId: string, photo: string | null, actor: number, key: string): Promise<CommandResultDto> {
    return this.http.request({ method: 'PUT', path: `/directory/employees/${seg(employeeId)}/photo`, body: { photo }, actor, idempotencyKey: key });
  }
  vcard(employeeId: string, viewer: number): Promise<string> {
    return this.http.request({ path: `/directory/employees/${seg(employeeId)}/vcard`, actor: viewer, as: 'text' });
  }
}

import { renderAuctionNotice } from '../auction/auction.notices';
import { renderAuthNotice } from '../auth/auth.notices';
import { renderCompanyNotice } from '../company/company.notices';
import { renderIdentityNotice } from '../identity/identity.notices';
import { renderRoomsNotice } from '../rooms/rooms.notices';
import { renderTimesheetsNotice } from '../timesheets/timesheets.notices';
import type { NoticeRenderers } from './notice-message';

/** Every feature's notice renderer; each stays with its feature. */
export const NOTICE_RENDERERS: NoticeRenderers = {
  auction: renderAuctionNotice,
  rooms: renderRoomsNotice,
  identity: renderIdentityNotice,
  auth: renderAuthNotice,
  timesheets: renderTimesheetsNotice,
  company: renderCompanyNotice,
};

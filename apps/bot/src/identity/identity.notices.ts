import type { IdentityNotice, IdentityNoticeKind } from '@megabot/contracts';
import type { NoticeRenderer } from '../notifications/notice-message';
import { t, type IdentityMessageKey } from './identity.i18n';

const KEY: Record<IdentityNoticeKind, IdentityMessageKey> = {
  rebound: 'identity.notice_rebound',
  admin: 'identity.notice_admin',
  dismissed: 'identity.notice_dismissed',
};

/** To an account that lost its binding (or was given one). */
export const renderIdentityNotice: NoticeRenderer<IdentityNotice> = (lang, n) => ({ text: t(lang, KEY[n.kind]) });

import type { IdentityNotice, IdentityNoticeKind } from '@megabot/contracts';
import type { NoticeRenderer } from '../notifications/notice-message';
import type { Language } from '../shared/i18n';
import { t, type IdentityMessageKey } from './identity.i18n';

const KEY: Record<IdentityNoticeKind, IdentityMessageKey> = {
  rebound: 'identity.notice_rebound',
  admin: 'identity.notice_admin',
  dismissed: 'identity.notice_dismissed',
};

/** To an account that lost its binding; in both languages, Russian first, when the bot never heard which it reads. */
export const renderIdentityNotice: NoticeRenderer<IdentityNotice> = (language, n) => ({
  text: (language ? [language] : (['ru', 'en'] as Language[])).map((lang) => t(lang, KEY[n.kind])).join('\n\n'),
});

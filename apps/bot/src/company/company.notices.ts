import type { CompanyNotice } from '@megabot/contracts';
import type { NoticeRenderer } from '../notifications/notice-message';
import { html } from '../shared/escape';
import { t } from './company.i18n';

/** "📢 Announcement" and the text as the admin wrote it (escaped), with how to mute them. */
export const renderCompanyNotice: NoticeRenderer<CompanyNotice> = (lang, n) => ({
  text: `${t(lang, 'company.announcement')}\n\n${html(n.data.text)}\n\n<i>${t(lang, 'company.announcement_mute_hint')}</i>`,
  parseMode: 'HTML',
});

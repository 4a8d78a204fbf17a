import { defineCatalogue, sharedMessages, translator } from '../shared/i18n';

/** Texts of the company information: useful links, the holiday calendar. */
export const companyMessages = defineCatalogue({
  en: {
    'company.links': '<b>Useful links</b>',
    'company.no_links': 'No useful links yet.',
    'company.holidays': '<b>Holidays {year}</b> ({region})',
    'company.holiday_line': '• {date} — {title}',
    'company.day_off': 'day off',
    'company.moved_from': 'day off moved from {date}',
    'company.shortened': 'shortened day (1 hour less)',
    'company.working_weekend': 'working day (moved from {date})',
    'company.working_weekend_plain': 'working day',
    'company.summary': 'Working days: {days}, hours: {hours} (40-hour week)',
    'company.no_calendar': 'No holiday calendar of {region} for {year} has been imported yet.',
    'company.holidays_usage': 'Usage: /holidays [year] [region], e.g. <code>/holidays 2026 ru</code>',
    'company.announcement': '📢 <b>Announcement</b>',
    'company.announcement_mute_hint': 'Mute announcements: /announcements',
    'company.announcements_on': 'Company announcements come to this chat.',
    'company.announcements_muted': 'Company announcements are muted: new ones will not be sent to you.',
    'button.company_mute': '🔕 Mute announcements',
    'button.company_unmute': '🔔 Receive announcements',
    'start.menu_company': '/links — useful links · /holidays — the holiday calendar · /announcements — mute or receive them',
  },
  ru: {
    'company.links': '<b>Полезные ссылки</b>',
    'company.no_links': 'Полезных ссылок пока нет.',
    'company.holidays': '<b>Праздники {year}</b> ({region})',
    'company.holiday_line': '• {date} — {title}',
    'company.day_off': 'выходной',
    'company.moved_from': 'выходной, перенесён с {date}',
    'company.shortened': 'сокращённый день (на час короче)',
    'company.working_weekend': 'рабочий день (перенесён с {date})',
    'company.working_weekend_plain': 'рабочий день',
    'company.summary': 'Рабочих дней: {days}, часов: {hours} (при 40-часовой неделе)',
    'company.no_calendar': 'Производственный календарь {region} на {year} год ещё не загружен.',
    'company.holidays_usage': 'Формат: /holidays [год] [регион], например <code>/holidays 2026 ru</code>',
    'company.announcement': '📢 <b>Объявление</b>',
    'company.announcement_mute_hint': 'Отключить объявления: /announcements',
    'company.announcements_on': 'Объявления компании приходят в этот чат.',
    'company.announcements_muted': 'Объявления компании отключены: новые вам не придут.',
    'button.company_mute': '🔕 Отключить объявления',
    'button.company_unmute': '🔔 Получать объявления',
    'start.menu_company': '/links — полезные ссылки · /holidays — календарь праздников · /announcements — объявления',
  },
});

export const t = translator(sharedMessages, companyMessages);

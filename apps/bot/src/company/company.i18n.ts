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
    'start.menu_company': '/links — useful links · /holidays — the holiday calendar',
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
    'start.menu_company': '/links — полезные ссылки · /holidays — календарь праздников',
  },
});

export const t = translator(sharedMessages, companyMessages);

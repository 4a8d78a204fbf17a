import type { CalendarDay, CalendarView, UsefulLinksView } from '@megabot/contracts';
import type { InlineKeyboardMarkup } from 'telegraf/types';
import { html, htmlAttribute } from '../shared/escape';
import type { Language } from '../shared/i18n';
import { t } from './company.i18n';

export function linksText(lang: Language, view: UsefulLinksView): string {
  if (!view.categories.length) return t(lang, 'company.no_links');
  const lines = [t(lang, 'company.links')];
  for (const c of view.categories) {
    lines.push('', `<b>${html(c.category)}</b>`);
    for (const l of c.links) lines.push(`• <a href="${htmlAttribute(l.url)}">${html(l.title)}</a>${l.description ? ` — ${html(l.description)}` : ''}`);
  }
  return lines.join('\n');
}

function dayLabel(lang: Language, date: string): string {
  const d = new Date(`${date}T12:00:00Z`);
  return new Intl.DateTimeFormat(lang === 'ru' ? 'ru-RU' : 'en-GB', { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' }).format(d);
}

function describe(lang: Language, d: CalendarDay): string {
  const from = d.movedFrom ? dayLabel(lang, d.movedFrom) : null;
  switch (d.kind) {
    case 'holiday':
      return d.title ? html(d.title) : from ? t(lang, 'company.moved_from', { date: from }) : t(lang, 'company.day_off');
    case 'shortened':
      return t(lang, 'company.shortened');
    case 'working':
      return from ? t(lang, 'company.working_weekend', { date: from }) : t(lang, 'company.working_weekend_plain');
  }
}

export function holidaysText(lang: Language, calendar: CalendarView): string {
  return [
    t(lang, 'company.holidays', { year: calendar.year, region: html(calendar.region) }),
    ...calendar.days.map((d) => t(lang, 'company.holiday_line', { date: dayLabel(lang, d.date), title: describe(lang, d) })),
    '',
    t(lang, 'company.summary', { days: calendar.summary.workingDays, hours: calendar.summary.workingHours }),
  ].join('\n');
}

/** Whether announcements are muted, with the button that flips it. */
export function announcementsView(lang: Language, muted: boolean): { text: string; keyboard: InlineKeyboardMarkup } {
  return {
    text: t(lang, muted ? 'company.announcements_muted' : 'company.announcements_on'),
    keyboard: { inline_keyboard: [[{ text: t(lang, muted ? 'button.company_unmute' : 'button.company_mute'), callback_data: `co:mute:${muted ? 0 : 1}` }]] },
  };
}

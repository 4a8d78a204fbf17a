import type { CalendarView, UsefulLinksView } from '@megabot/contracts';
import { workingCalendar, yearSummary } from '@megabot/domain';
import type { CalendarRow, UsefulLinkRow } from '@megabot/read-model';

export const LINKS_SELECT = `SELECT link_id, category, title, url, description, removed, revision::text FROM company.links WHERE NOT removed`;
export const CALENDAR_SELECT = `SELECT calendar_id, region, year, source, imported_at, days, revision::text FROM company.calendars`;

const COLLATOR = new Intl.Collator(['ru', 'en']);

export function linksView(rows: UsefulLinkRow[]): UsefulLinksView {
  const byCategory = new Map<string, UsefulLinkRow[]>();
  for (const r of rows) byCategory.set(r.category, [...(byCategory.get(r.category) ?? []), r]);
  return {
    categories: [...byCategory]
      .sort(([a], [b]) => COLLATOR.compare(a, b))
      .map(([category, links]) => ({
        category,
        links: links
          .sort((a, b) => COLLATOR.compare(a.title, b.title))
          .map((l) => ({ linkId: l.link_id, category: l.category, title: l.title, url: l.url, description: l.description })),
      })),
  };
}

export function calendarView(row: CalendarRow): CalendarView {
  return {
    calendarId: row.calendar_id,
    region: row.region,
    year: row.year,
    source: row.source,
    importedAt: row.imported_at.toISOString(),
    days: row.days,
    summary: yearSummary(workingCalendar(row.year, row.days)),
  };
}

import type { CalendarDay } from '@megabot/contracts';
import { CompanyErrors } from './company.errors';

/**
 * Reads a production calendar in the XML format of xmlcalendar.ru (the
 * Russian production calendar as published there for every year since
 * 2004, also used by consultant.ru mirrors and many HR systems):
 *
 *   <calendar year="2026" lang="ru" date="2025.09.26" country="ru">
 *     <holidays><holiday id="1" title="Новогодние каникулы"/>…</holidays>
 *     <days>
 *       <day d="01.01" t="1" h="1"/>    d = MM.DD; t = 1 day off, 2 shortened working day,
 *       <day d="04.30" t="2"/>                3 working day on a weekend; h = holiday id;
 *       <day d="01.09" t="1" f="01.03"/>      f = MM.DD the day off was moved from
 *     </days>
 *   </calendar>
 *
 * Only what the calendar lists is returned; the other days follow the usual
 * week (working-days.ts).
 */
export interface ParsedCalendar {
  year: number;
  /** The `country` attribute, lower case (null when absent). */
  country: string | null;
  /** The file's own stamp (`date` attribute), or null. */
  stamp: string | null;
  days: CalendarDay[];
}

const KINDS = { '1': 'holiday', '2': 'shortened', '3': 'working' } as const;

function attributes(tag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of tag.matchAll(/([a-zA-Z_][\w-]*)\s*=\s*("([^"]*)"|'([^']*)')/g)) out[m[1]] = decodeEntities(m[3] ?? m[4] ?? '');
  return out;
}

const decodeEntities = (s: string) =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&amp;/g, '&');

/** MM.DD of `year` as YYYY-MM-DD; null when it is no date of that year. */
function dateOf(year: number, monthDay: string): string | null {
  const m = /^(\d{2})\.(\d{2})$/.exec(monthDay);
  if (!m) return null;
  const iso = `${year}-${m[1]}-${m[2]}`;
  const d = new Date(`${iso}T00:00:00Z`);
  return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== iso ? null : iso;
}

export function parseXmlCalendar(xml: string): ParsedCalendar {
  const text = xml.replace(/<!--[\s\S]*?-->/g, '');
  const root = /<calendar\b([^>]*)>/.exec(text);
  if (!root) throw CompanyErrors.invalidCalendar('no <calendar> element: not an xmlcalendar.ru file');
  const rootAttrs = attributes(root[1]);
  const year = Number(rootAttrs.year);
  if (!Number.isInteger(year) || year < 1990 || year > 2100) throw CompanyErrors.invalidCalendar(`<calendar year="${rootAttrs.year ?? ''}"> is not a year`);
  const titles = new Map<string, string>();
  for (const m of text.matchAll(/<holiday\b([^>]*?)\/?>/g)) {
    const a = attributes(m[1]);
    if (a.id) titles.set(a.id, (a.title ?? '').trim());
  }
  const days = new Map<string, CalendarDay>();
  for (const m of text.matchAll(/<day\b([^>]*?)\/?>/g)) {
    const a = attributes(m[1]);
    const date = dateOf(year, a.d ?? '');
    if (!date) throw CompanyErrors.invalidCalendar(`<day d="${a.d ?? ''}">: d must be MM.DD of ${year}`);
    const kind = KINDS[a.t as keyof typeof KINDS];
    if (!kind) throw CompanyErrors.invalidCalendar(`<day d="${a.d}" t="${a.t ?? ''}">: t must be 1 (day off), 2 (shortened) or 3 (working)`);
    if (days.has(date)) throw CompanyErrors.invalidCalendar(`<day d="${a.d}"> is listed twice`);
    const movedFrom = a.f ? dateOf(year, a.f) : null;
    if (a.f && !movedFrom) throw CompanyErrors.invalidCalendar(`<day d="${a.d}" f="${a.f}">: f must be MM.DD`);
    days.set(date, { date, kind, title: a.h ? (titles.get(a.h) ?? null) : null, movedFrom });
  }
  if (days.size === 0) throw CompanyErrors.invalidCalendar('the calendar lists no days');
  return {
    year,
    country: rootAttrs.country ? rootAttrs.country.toLowerCase() : null,
    stamp: rootAttrs.date ?? null,
    days: [...days.values()].sort((x, y) => x.date.localeCompare(y.date)),
  };
}

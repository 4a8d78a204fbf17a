import type { CalendarDay } from './company.events';

export interface UsefulLinkView {
  linkId: string;
  category: string;
  title: string;
  url: string;
  description: string;
}

/** The links grouped by category (categories and links by name). */
export interface UsefulLinksView {
  categories: { category: string; links: UsefulLinkView[] }[];
}

export interface CalendarView {
  calendarId: string;
  region: string;
  year: number;
  source: string;
  importedAt: string;
  /** The days that differ from the usual week, by date. */
  days: CalendarDay[];
  summary: { workingDays: number; daysOff: number; shortenedDays: number; workingHours: number };
}

export interface WorkingDayView {
  date: string;
  region: string;
  working: boolean;
  hours: number;
  /** The calendar's entry for the date, if it lists it. */
  day: CalendarDay | null;
  /** Whether a calendar for the region and year is imported (otherwise the usual week was applied). */
  calendarKnown: boolean;
}

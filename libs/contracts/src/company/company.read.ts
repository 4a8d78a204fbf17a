import type { AnnouncementAudience, CalendarDay } from './company.events';

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

/**
 * Delivery of an announcement: recipients are the verified (Telegram bound) active employees of the audience when
 * the projector expanded it; `muted` of them had announcements muted and get nothing; `queued` wait for the bot,
 * `sent` were delivered, `failed` were refused by Telegram for good (blocked the bot).
 */
export interface AnnouncementStatsView {
  recipients: number;
  queued: number;
  sent: number;
  failed: number;
  muted: number;
}

export interface AnnouncementView {
  announcementId: string;
  text: string;
  audience: AnnouncementAudience;
  publishedBy: string;
  publishedAt: string;
  /** False until the projector has expanded the audience into recipients. */
  expanded: boolean;
  /** Set once withdrawn: the notices still queued then are not sent. */
  withdrawnAt: string | null;
  stats: AnnouncementStatsView;
}

/**
 * Events of the company feature (schema version 1 each):
 *
 *   company-links                   the useful links, by category (admins manage them)
 *   company-calendar-<calendarId>   one production calendar: holidays, shortened and
 *                                   transferred working days of a region (a country
 *                                   code such as `ru`, or an office) in a year;
 *                                   calendarId = `<region>-<year>`
 *   company-announcement-<id>       an announcement admins publish to everyone, some
 *                                   offices or some departments
 */

export const COMPANY_LINKS_STREAM = 'company-links';
export const CALENDAR_STREAM_PREFIX = 'company-calendar-';
export const calendarIdOf = (region: string, year: number) => `${region}-${year}`;
export const calendarStreamId = (calendarId: string) => `${CALENDAR_STREAM_PREFIX}${calendarId}`;
/** A region: a country code (`ru`) or an office id. */
export const CALENDAR_REGION_PATTERN = /^[a-z0-9][a-z0-9_-]{0,31}$/;
/**
 * The company's country calendar: the one that applies where an office has
 * no calendar of its own for the year (an office's region is its office id
 * in lower case, the same id as the employee's `office` and the rooms office).
 */
export const DEFAULT_CALENDAR_REGION = 'ru';
export const LINK_ID_PATTERN = /^[a-z0-9][a-z0-9_-]{0,63}$/;
export const ANNOUNCEMENT_STREAM_PREFIX = 'company-announcement-';
export const announcementStreamId = (announcementId: string) => `${ANNOUNCEMENT_STREAM_PREFIX}${announcementId}`;
export const ANNOUNCEMENT_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
/** Telegram's limit for a message is 4096 characters; room is left for the heading. */
export const MAX_ANNOUNCEMENT_LENGTH = 3500;

export interface UsefulLink {
  linkId: string;
  category: string;
  title: string;
  url: string;
  description: string;
}

export interface UsefulLinkAdded {
  type: 'UsefulLinkAdded';
  data: UsefulLink & { addedAt: string; addedBy: string };
}
/** Only the fields that changed. */
export interface UsefulLinkUpdated {
  type: 'UsefulLinkUpdated';
  data: { linkId: string; changes: Partial<Omit<UsefulLink, 'linkId'>>; updatedAt: string; updatedBy: string };
}
export interface UsefulLinkRemoved {
  type: 'UsefulLinkRemoved';
  data: { linkId: string; removedAt: string; removedBy: string };
}
export type UsefulLinkEvent = UsefulLinkAdded | UsefulLinkUpdated | UsefulLinkRemoved;

/**
 * A day that differs from the usual week (Monday-Friday working, weekend
 * off): `holiday` - a day off (a public holiday or a day off moved onto a
 * weekday); `shortened` - a working day one hour shorter (the eve of a
 * holiday); `working` - a weekend day that is a working day (moved).
 */
export const CALENDAR_DAY_KINDS = ['holiday', 'shortened', 'working'] as const;
export type CalendarDayKind = (typeof CALENDAR_DAY_KINDS)[number];

export interface CalendarDay {
  /** YYYY-MM-DD */
  date: string;
  kind: CalendarDayKind;
  /** The holiday's name, when the source names it. */
  title: string | null;
  /** For a moved day: the date it was moved from (YYYY-MM-DD), when the source says. */
  movedFrom: string | null;
}

/** A calendar imported (again): the whole year as the file states it replaces what was there. */
export interface ProductionCalendarImported {
  type: 'ProductionCalendarImported';
  data: {
    calendarId: string;
    region: string;
    year: number;
    /** Sorted by date, one entry per date. */
    days: CalendarDay[];
    /** Where it came from: the format and the file's own stamp, e.g. `xmlcalendar.ru 2025.09.30`. */
    source: string;
    importedAt: string;
    importedBy: string;
  };
}
export type CalendarEvent = ProductionCalendarImported;

/** Who an announcement goes to: every employee, or those of the listed offices / departments (as identity records them). */
export type AnnouncementAudience = { kind: 'everyone' } | { kind: 'offices'; offices: string[] } | { kind: 'departments'; departments: string[] };
export const ANNOUNCEMENT_AUDIENCES = ['everyone', 'offices', 'departments'] as const;

/** Sent by the bot to the verified active employees of the audience who have not muted announcements. */
export interface AnnouncementPublished {
  type: 'AnnouncementPublished';
  data: { announcementId: string; text: string; audience: AnnouncementAudience; publishedBy: string; publishedAt: string };
}
/** Its notices not sent yet are never sent; those already delivered stay with their recipients. */
export interface AnnouncementWithdrawn {
  type: 'AnnouncementWithdrawn';
  data: { announcementId: string; reason: string | null; withdrawnBy: string; withdrawnAt: string };
}
export type AnnouncementEvent = AnnouncementPublished | AnnouncementWithdrawn;
export type CompanyEvent = UsefulLinkEvent | CalendarEvent | AnnouncementEvent;

export const COMPANY_EVENT_TYPES: readonly CompanyEvent['type'][] = [
  'UsefulLinkAdded',
  'UsefulLinkUpdated',
  'UsefulLinkRemoved',
  'ProductionCalendarImported',
  'AnnouncementPublished',
  'AnnouncementWithdrawn',
];
export const COMPANY_SCHEMA_VERSIONS: Readonly<Record<CompanyEvent['type'], number>> = {
  UsefulLinkAdded: 1,
  UsefulLinkUpdated: 1,
  UsefulLinkRemoved: 1,
  ProductionCalendarImported: 1,
  AnnouncementPublished: 1,
  AnnouncementWithdrawn: 1,
};

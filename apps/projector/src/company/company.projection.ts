import { COMPANY_EVENT_TYPES } from '@megabot/contracts';
import type { RecordedEvent } from '@megabot/event-store';
import { AnnouncementRow, CalendarRow, COMPANY_PROJECTION, COMPANY_SCHEMA, UsefulLinkRow, type TableWriter } from '@megabot/read-model';
import type { Projection } from '../projection';
import { evolveAnnouncementRow, evolveCalendarRow, evolveLink } from './company.fold';

const HANDLED = new Set<string>(COMPANY_EVENT_TYPES);
const CALENDAR = 'ProductionCalendarImported';
const ANNOUNCEMENT = new Set(['AnnouncementPublished', 'AnnouncementWithdrawn']);

/** Useful links, production calendars and announcements (schema `company`), folded with company.fold. */
export class CompanyProjection implements Projection {
  readonly name = COMPANY_PROJECTION;
  readonly schema = COMPANY_SCHEMA;

  handles(type: string): boolean {
    return HANDLED.has(type);
  }

  async apply(events: RecordedEvent[], tables: TableWriter): Promise<void> {
    const linkEvents = events.filter((e) => e.type !== CALENDAR && !ANNOUNCEMENT.has(e.type));
    const announcementEvents = events.filter((e) => ANNOUNCEMENT.has(e.type));
    const calendarEvents = events.filter((e) => e.type === CALENDAR);
    const linkIdOf = (e: RecordedEvent) => (e.data as { linkId: string }).linkId;
    const calendarIdOf = (e: RecordedEvent) => (e.data as { calendarId: string }).calendarId;
    const links = await tables.load(UsefulLinkRow, linkEvents.map(linkIdOf));
    const calendars = await tables.load(CalendarRow, calendarEvents.map(calendarIdOf));
    const announcementIdOf = (e: RecordedEvent) => (e.data as { announcementId: string }).announcementId;
    const announcements = await tables.load(AnnouncementRow, announcementEvents.map(announcementIdOf));
    for (const e of announcementEvents) announcements.fold(announcementIdOf(e), e, evolveAnnouncementRow);
    for (const e of linkEvents) links.fold(linkIdOf(e), e, evolveLink);
    for (const e of calendarEvents) calendars.fold(calendarIdOf(e), e, evolveCalendarRow);
    await tables.upsert(UsefulLinkRow, links.changed(), { newerBy: 'revision' });
    await tables.upsert(CalendarRow, calendars.changed(), { newerBy: 'revision' });
    await tables.upsert(AnnouncementRow, announcements.changed(), { newerBy: 'revision' });
  }
}

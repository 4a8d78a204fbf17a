import type { CompanyEvent } from '@megabot/contracts';
import type { RecordedEvent } from '@megabot/event-store';
import type { AnnouncementRow, CalendarRow, UsefulLinkRow } from '@megabot/read-model';

/*
 * The company read model as pure functions of the recorded events. Rows
 * carry the last applied stream revision: an event at or below it returns
 * the row unchanged (the same object), so a replay changes nothing.
 */

export function evolveLink(row: UsefulLinkRow | undefined, event: RecordedEvent): UsefulLinkRow | undefined {
  if (row && BigInt(row.revision) >= event.revision) return row;
  const e = { type: event.type, data: event.data } as CompanyEvent;
  const revision = event.revision.toString();
  switch (e.type) {
    case 'UsefulLinkAdded': {
      const { linkId, category, title, url, description } = e.data;
      return { link_id: linkId, category, title, url, description, removed: false, revision };
    }
    case 'UsefulLinkUpdated':
      return row && { ...row, ...e.data.changes, revision };
    case 'UsefulLinkRemoved':
      return row && { ...row, removed: true, revision };
    default:
      return row;
  }
}

export function evolveCalendarRow(row: CalendarRow | undefined, event: RecordedEvent): CalendarRow | undefined {
  if (row && BigInt(row.revision) >= event.revision) return row;
  const e = { type: event.type, data: event.data } as CompanyEvent;
  if (e.type !== 'ProductionCalendarImported') return row;
  const d = e.data;
  return {
    calendar_id: d.calendarId,
    region: d.region,
    year: d.year,
    source: d.source,
    imported_at: new Date(d.importedAt),
    days: d.days,
    revision: event.revision.toString(),
  };
}

export function evolveAnnouncementRow(row: AnnouncementRow | undefined, event: RecordedEvent): AnnouncementRow | undefined {
  if (row && BigInt(row.revision) >= event.revision) return row;
  const e = { type: event.type, data: event.data } as CompanyEvent;
  if (e.type === 'AnnouncementWithdrawn') return row && { ...row, withdrawn_at: new Date(e.data.withdrawnAt), revision: event.revision.toString() };
  if (e.type !== 'AnnouncementPublished') return row;
  const d = e.data;
  return {
    announcement_id: d.announcementId,
    text: d.text,
    audience: d.audience,
    published_by: d.publishedBy,
    published_at: new Date(d.publishedAt),
    withdrawn_at: null,
    revision: event.revision.toString(),
  };
}

import type { SeatingEvent } from '@megabot/contracts';
import type { RecordedEvent } from '@megabot/event-store';
import type { DeskBookingRow, DeskRow, FloorPlanRow } from '@megabot/read-model';

/*
 * The seating read model as pure functions of the recorded events, one
 * evolve per table. Every row carries the revision of its stream it
 * reflects: an event at or below it returns the row unchanged (the same
 * object), so a replayed batch changes nothing.
 */

const eventOf = (event: RecordedEvent) => ({ type: event.type, data: event.data }) as SeatingEvent;
const applied = (revision: string | undefined, event: RecordedEvent) => revision !== undefined && BigInt(revision) >= event.revision;

export function evolvePlan(row: FloorPlanRow | undefined, event: RecordedEvent): FloorPlanRow | undefined {
  if (applied(row?.revision, event)) return row;
  const e = eventOf(event);
  if (e.type !== 'FloorPlanPublished') return row;
  const d = e.data;
  return {
    office_id: d.officeId,
    floor: d.floor,
    name: d.name,
    version: d.version,
    svg: d.svg,
    shapes: d.shapes,
    published_at: new Date(d.publishedAt),
    revision: event.revision.toString(),
  };
}

/** The desks a plan event changes (a published plan: every desk on it and those it removed). */
export function desksOf(event: RecordedEvent): string[] {
  const e = eventOf(event);
  switch (e.type) {
    case 'FloorPlanPublished':
      return [...e.data.shapes.desks.map((d) => d.deskId), ...e.data.removedDeskIds];
    case 'DeskChanged':
    case 'DeskAssigned':
    case 'DeskUnassigned':
      return [e.data.deskId];
    default:
      return [];
  }
}

/** One desk (`deskId`) under a plan event. */
export function evolveDesk(row: DeskRow | undefined, event: RecordedEvent, deskId: string): DeskRow | undefined {
  if (applied(row?.revision, event)) return row;
  const e = eventOf(event);
  const revision = event.revision.toString();
  switch (e.type) {
    case 'FloorPlanPublished': {
      const desk = e.data.shapes.desks.find((d) => d.deskId === deskId);
      if (!desk) return row && { ...row, on_plan: false, assignee_id: null, revision };
      const { officeId: office_id, floor } = e.data;
      const { label, kind, x, y, nodeId: node_id } = desk;
      return { office_id, floor, desk_id: deskId, label, kind, x, y, node_id, assignee_id: row?.assignee_id ?? null, on_plan: true, revision };
    }
    case 'DeskChanged':
      return row && { ...row, label: e.data.label, kind: e.data.kind, revision };
    case 'DeskAssigned':
      return row && { ...row, assignee_id: e.data.employeeId, revision };
    case 'DeskUnassigned':
      return row && { ...row, assignee_id: null, revision };
    default:
      return row;
  }
}

export function evolveDeskBooking(row: DeskBookingRow | undefined, event: RecordedEvent): DeskBookingRow | undefined {
  if (applied(row?.stream_revision, event)) return row;
  const e = eventOf(event);
  const stream_revision = event.revision.toString();
  switch (e.type) {
    case 'DeskBooked': {
      const d = e.data;
      return {
        booking_id: d.bookingId,
        office_id: d.officeId,
        floor: d.floor,
        desk_id: d.deskId,
        date: d.date,
        employee_id: d.employeeId,
        status: 'booked',
        booked_by: d.bookedBy,
        booked_at: new Date(d.bookedAt),
        cancelled_at: null,
        stream_revision,
      };
    }
    case 'DeskBookingCancelled':
      return row && { ...row, status: 'cancelled', cancelled_at: new Date(e.data.cancelledAt), stream_revision };
    default:
      return row;
  }
}

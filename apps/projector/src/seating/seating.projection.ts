import { SEATING_EVENT_TYPES } from '@megabot/contracts';
import type { RecordedEvent } from '@megabot/event-store';
import { DeskBookingRow, DeskRow, FloorPlanRow, SEATING_PROJECTION, SEATING_SCHEMA, type TableWriter } from '@megabot/read-model';
import type { Projection } from '../projection';
import { desksOf, evolveDesk, evolveDeskBooking, evolvePlan } from './seating.fold';

const HANDLED = new Set<string>(SEATING_EVENT_TYPES);
const BOOKING_TYPES = new Set(['DeskBooked', 'DeskBookingCancelled']);

type Data = { officeId: string; floor: number; bookingId?: string };
const data = (e: RecordedEvent) => e.data as Data;
const planKey = (e: RecordedEvent): [string, number] => [data(e).officeId, data(e).floor];
const deskKeys = (e: RecordedEvent) => desksOf(e).map((deskId): [string, number, string] => [data(e).officeId, data(e).floor, deskId]);

/**
 * The seating read model (schema `seating`): plans, desks and hot-desk
 * bookings, folded with seating.fold. A batch loads the rows it touches (one
 * SELECT per table), folds in log order and writes one upsert per table.
 */
export class SeatingProjection implements Projection {
  readonly name = SEATING_PROJECTION;
  readonly schema = SEATING_SCHEMA;

  handles(type: string): boolean {
    return HANDLED.has(type);
  }

  async apply(events: RecordedEvent[], tables: TableWriter): Promise<void> {
    const planEvents = events.filter((e) => !BOOKING_TYPES.has(e.type));
    const bookingEvents = events.filter((e) => BOOKING_TYPES.has(e.type));
    const plans = await tables.load(FloorPlanRow, planEvents.filter((e) => e.type === 'FloorPlanPublished').map(planKey));
    const desks = await tables.load(DeskRow, planEvents.flatMap(deskKeys));
    const bookings = await tables.load(
      DeskBookingRow,
      bookingEvents.map((e) => data(e).bookingId!),
    );
    for (const e of planEvents) {
      if (e.type === 'FloorPlanPublished') plans.fold(planKey(e), e, evolvePlan);
      for (const key of deskKeys(e)) desks.fold(key, e, (row, event) => evolveDesk(row, event, key[2]));
    }
    for (const e of bookingEvents) bookings.fold(data(e).bookingId!, e, evolveDeskBooking);
    await tables.upsert(FloorPlanRow, plans.changed(), { newerBy: 'revision' });
    await tables.upsert(DeskRow, desks.changed(), { newerBy: 'revision' });
    await tables.upsert(DeskBookingRow, bookings.changed(), { newerBy: 'stream_revision' });
  }
}

import type { Actor, DeskDayEvent, DeskKind } from '@megabot/contracts';
import { DESK_BOOKING_DAYS_AHEAD, SEATING_ID_PATTERN, SEATING_SCHEMA_VERSIONS, deskDayStreamId, isAdmin } from '@megabot/contracts';
import type { Decider } from '../shared/decider';
import { versionsFrom, type WriteSideDefinition } from '../shared/write-side';
import { addDays, isValidDate, toLocal, type ZoneOffsets } from '../rooms/zone';
import type { DeskRef } from './floor-plan.decider';
import { SeatingErrors } from './seating.errors';

/**
 * The desk as its floor plan says now (the handler folds the plan stream):
 * whether it is still on the plan, its kind, and the office's zone around
 * now (a desk-day is a local day of the office).
 */
export interface DeskContext extends DeskRef {
  onPlan: boolean;
  kind: DeskKind;
  zone: ZoneOffsets;
}

interface OnDeskDay {
  desk: DeskContext;
  date: string;
  actor: Actor;
}

/**
 * Books a hot desk for a whole local day (stream
 * `deskday-<officeId>-<floor>-<deskId>-<date>`): this stream sees every
 * booking of the desk that day, so a desk is never given twice.
 *
 * One desk per person and day: this stream only sees this desk, so the
 * command carries `employeeSeatElsewhere` - the employee's other active
 * booking of that date, from the read model and the log beyond it. Two
 * bookings by the same person decided at the very same instant on two desks
 * may both pass (the double booking is theirs to cancel); a desk given to
 * two people, which is what matters physically, cannot happen.
 */
export interface BookDesk extends OnDeskDay {
  type: 'BookDesk';
  bookingId: string;
  employeeId: string;
  employeeSeatElsewhere: DeskRef | null;
}
/** Cancels the desk's active booking of the day (its employee or an admin), until the day is over. */
export interface CancelDeskBooking extends OnDeskDay {
  type: 'CancelDeskBooking';
}
export type DeskDayCommand = BookDesk | CancelDeskBooking;

export interface DeskBookingState {
  bookingId: string;
  employeeId: string;
  status: 'booked' | 'cancelled';
}
export interface DeskDayState {
  bookings: DeskBookingState[];
}

export const initialDeskDayState: DeskDayState = Object.freeze({ bookings: [] }) as DeskDayState;

export function evolveDeskDay(state: DeskDayState, event: DeskDayEvent): DeskDayState {
  switch (event.type) {
    case 'DeskBooked':
      return { bookings: [...state.bookings, { bookingId: event.data.bookingId, employeeId: event.data.employeeId, status: 'booked' }] };
    case 'DeskBookingCancelled':
      return { bookings: state.bookings.map((b) => (b.bookingId === event.data.bookingId ? { ...b, status: 'cancelled' } : b)) };
    default:
      return state;
  }
}

export const activeDeskBooking = (state: DeskDayState) => state.bookings.find((b) => b.status === 'booked');

/** The office's local date at `now`. */
export const todayAt = (desk: Pick<DeskContext, 'zone'>, now: Date) => toLocal(desk.zone, now.getTime()).date;

export function decideDeskDay(state: DeskDayState, c: DeskDayCommand, now: Date): DeskDayEvent[] {
  if (!isValidDate(c.date ?? '') || !/^\d{4}-\d{2}-\d{2}$/.test(c.date)) throw SeatingErrors.invalidDate(c.date);
  if (!c.desk.onPlan) throw SeatingErrors.deskNotFound(c.desk.deskId);
  const today = todayAt(c.desk, now);
  const at = now.toISOString();
  const where = { officeId: c.desk.officeId, floor: c.desk.floor, deskId: c.desk.deskId, date: c.date };
  const active = activeDeskBooking(state);
  if (c.type === 'CancelDeskBooking') {
    if (!active) throw SeatingErrors.bookingNotFound(c.desk.deskId, c.date);
    if (active.employeeId !== c.actor.employeeId && !isAdmin(c.actor)) throw SeatingErrors.notSelf('cancel this booking');
    if (c.date < today) throw SeatingErrors.bookingPast(c.desk.deskId, c.date);
    return [
      {
        type: 'DeskBookingCancelled',
        data: { ...where, bookingId: active.bookingId, employeeId: active.employeeId, cancelledBy: c.actor.employeeId, cancelledAt: at },
      },
    ];
  }
  if (!SEATING_ID_PATTERN.test(c.bookingId ?? '')) throw SeatingErrors.invalidPlan('bookingId', 'letters, digits, "_" and "-"');
  if (c.desk.kind !== 'hot') throw SeatingErrors.deskNotBookable(c.desk.deskId);
  if (c.employeeId !== c.actor.employeeId && !isAdmin(c.actor)) throw SeatingErrors.notSelf('book a desk for someone else');
  if (c.date < today) throw SeatingErrors.dateInPast(c.date, today);
  const last = addDays(today, DESK_BOOKING_DAYS_AHEAD);
  if (c.date > last) throw SeatingErrors.tooFarAhead(c.date, last, DESK_BOOKING_DAYS_AHEAD);
  if (state.bookings.some((b) => b.bookingId === c.bookingId)) throw SeatingErrors.bookingExists(c.bookingId);
  if (active) throw active.employeeId === c.employeeId ? SeatingErrors.alreadyBooked(c.desk.deskId, c.date) : SeatingErrors.deskTaken(c.desk.deskId, c.date);
  if (c.employeeSeatElsewhere) throw SeatingErrors.oneDeskPerDay(c.employeeId, c.date, c.employeeSeatElsewhere);
  return [{ type: 'DeskBooked', data: { ...where, bookingId: c.bookingId, employeeId: c.employeeId, bookedBy: c.actor.employeeId, bookedAt: at } }];
}

export const deskDayDecider: Decider<DeskDayCommand, DeskDayEvent, DeskDayState> = {
  initialState: initialDeskDayState,
  evolve: evolveDeskDay,
  decide: decideDeskDay,
};

export const deskDayWriteSide: WriteSideDefinition<DeskDayCommand, DeskDayEvent, DeskDayState> = {
  name: 'seating.deskday',
  decider: deskDayDecider,
  streamOf: (command) => deskDayStreamId(command.desk.officeId, command.desk.floor, command.desk.deskId, command.date),
  schemaVersionOf: versionsFrom(SEATING_SCHEMA_VERSIONS),
};

import type { DeskDayEvent } from '@megabot/contracts';
import { deciderSpec } from '../shared/decider-spec';
import { ADMIN, ANNA, BORIS, MSK } from '../rooms/rooms.fixtures';
import { deskDayDecider, type BookDesk, type DeskContext } from './desk-day.decider';

/** 23:30 on 1 December in Moscow: already 2 December there. */
const NOW = new Date('2026-12-01T21:30:00Z');
const AT = NOW.toISOString();
const days = deciderSpec(deskDayDecider);
const DESK: DeskContext = { officeId: 'spb', floor: 3, deskId: 'd2', onPlan: true, kind: 'hot', zone: MSK };
const where = { officeId: 'spb', floor: 3, deskId: 'd2', date: '2026-12-02' };
const book = (employee = ANNA, overrides: Partial<BookDesk> = {}): BookDesk => ({
  type: 'BookDesk',
  desk: DESK,
  date: '2026-12-02',
  bookingId: `b-${employee.employeeId}`,
  employeeId: employee.employeeId,
  employeeSeatElsewhere: null,
  actor: employee,
  ...overrides,
});
const booked = (employeeId = 'anna', bookedBy = employeeId): DeskDayEvent => ({
  type: 'DeskBooked',
  data: { ...where, bookingId: `b-${employeeId}`, employeeId, bookedBy, bookedAt: AT },
});
const cancel = (actor = ANNA) => ({ type: 'CancelDeskBooking' as const, desk: DESK, date: '2026-12-02', actor });

describe('desk-day decider', () => {
  it('books a free hot desk for a day of the office; the desk is then taken for everyone else', () => {
    days.given([]).when(book(), NOW).then([booked()]);
    days.given([booked()]).when(book(BORIS), NOW).thenThrows('seating.desk_taken', { deskId: 'd2', date: '2026-12-02' });
    days
      .given([booked()])
      .when(book(ANNA, { bookingId: 'b-other' }), NOW)
      .thenThrows('seating.already_booked');
  });

  it('one desk per person and day: a booking elsewhere that day is refused', () => {
    days
      .given([])
      .when(book(ANNA, { employeeSeatElsewhere: { officeId: 'spb', floor: 3, deskId: 'd9' } }), NOW)
      .thenThrows('seating.one_desk_per_day', { deskId: 'd9' });
  });

  it("dates are the office's local days: today up to 14 days ahead", () => {
    days
      .given([])
      .when(book(ANNA, { date: '2026-12-01' }), NOW)
      .thenThrows('seating.date_in_past', { today: '2026-12-02' });
    days
      .given([])
      .when(book(ANNA, { date: '2026-12-17' }), NOW)
      .thenThrows('seating.too_far_ahead', { lastDate: '2026-12-16' });
    days
      .given([])
      .when(book(ANNA, { date: '2026-02-30' }), NOW)
      .thenThrows('seating.invalid_date');
  });

  it('only hot desks still on the plan; for someone else only as an admin', () => {
    days
      .given([])
      .when({ ...book(), desk: { ...DESK, kind: 'assigned' } }, NOW)
      .thenThrows('seating.desk_not_bookable');
    days
      .given([])
      .when({ ...book(), desk: { ...DESK, onPlan: false } }, NOW)
      .thenThrows('seating.desk_not_found');
    days
      .given([])
      .when(book(ANNA, { employeeId: 'boris', bookingId: 'b-boris' }), NOW)
      .thenThrows('seating.not_yours');
    days
      .given([])
      .when(book(ADMIN, { employeeId: 'boris', bookingId: 'b-boris' }), NOW)
      .then([booked('boris', 'admin')]);
  });

  it('the booker or an admin cancels; the desk is free again', () => {
    const cancelled: DeskDayEvent = {
      type: 'DeskBookingCancelled',
      data: { ...where, bookingId: 'b-anna', employeeId: 'anna', cancelledBy: 'anna', cancelledAt: AT },
    };
    days.given([booked()]).when(cancel(), NOW).then([cancelled]);
    days.given([booked()]).when(cancel(BORIS), NOW).thenThrows('seating.not_yours');
    days
      .given([booked()])
      .when(cancel(ADMIN), NOW)
      .then([{ ...cancelled, data: { ...cancelled.data, cancelledBy: 'admin' } }]);
    days.given([booked(), cancelled]).when(cancel(), NOW).thenThrows('seating.booking_not_found');
    days
      .given([booked(), cancelled])
      .when(book(BORIS), NOW)
      .then([booked('boris')]);
    days
      .given([booked()])
      .when({ ...cancel(), date: '2026-12-01' }, NOW)
      .thenThrows('seating.booking_past');
  });

  it('of many bookings decided one after another on the same desk-day, exactly one succeeds', () => {
    let state = deskDayDecider.initialState;
    let wins = 0;
    for (let i = 0; i < 50; i++) {
      try {
        const events = deskDayDecider.decide(state, book({ employeeId: `e${i}`, roles: ['employee'] }), NOW);
        state = events.reduce(deskDayDecider.evolve, state);
        wins++;
      } catch {
        /* taken */
      }
    }
    expect(wins).toBe(1);
  });
});

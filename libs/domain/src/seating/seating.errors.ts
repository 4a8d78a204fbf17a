import { DomainError } from '../shared/domain-error';

/**
 * Every rejection of the seating feature, with a stable `seating.*` code.
 * `kind`: conflict = depends on the current state (the desk is taken, the
 * employee already has a desk), unprocessable = can never succeed as written
 * (a broken SVG, a desk of the wrong kind, not allowed), not_found = no such
 * plan / desk / booking.
 */
export const SeatingErrors = {
  adminRequired: (action: string) => new DomainError('seating.admin_required', 'unprocessable', `Only an admin may ${action}`, { action }),
  invalidSvg: (message: string, details: Record<string, unknown> = {}) =>
    new DomainError('seating.invalid_svg', 'unprocessable', `The floor plan SVG was refused: ${message}`, details),
  invalidPlan: (field: string, message: string) => new DomainError('seating.invalid_plan', 'unprocessable', `${field}: ${message}`, { field }),
  unknownRoom: (roomId: string, officeId: string) =>
    new DomainError('seating.unknown_room', 'unprocessable', `The plan names room ${roomId}, which is not a room of office ${officeId}`, { roomId, officeId }),
  officeArchived: (officeId: string) => new DomainError('seating.office_archived', 'conflict', `Office ${officeId} is archived`, { officeId }),
  planNotFound: (officeId: string, floor: number) =>
    new DomainError('seating.plan_not_found', 'not_found', `Floor ${floor} of office ${officeId} has no plan`, { officeId, floor }),
  deskNotFound: (deskId: string) => new DomainError('seating.desk_not_found', 'not_found', `Desk ${deskId} is not on this floor's plan`, { deskId }),
  deskAssigned: (deskId: string, action: string) =>
    new DomainError('seating.desk_assigned', 'conflict', `Desk ${deskId} is assigned to someone: unassign it before you ${action}`, { deskId, action }),
  deskNotAssignable: (deskId: string) =>
    new DomainError('seating.desk_not_assignable', 'unprocessable', `Desk ${deskId} is a hot desk: make it an assigned desk first`, { deskId }),
  deskOccupied: (deskId: string) =>
    new DomainError('seating.desk_occupied', 'conflict', `Desk ${deskId} is assigned to someone else: unassign it first`, { deskId }),
  employeeHasDesk: (employeeId: string, desk: { officeId: string; floor: number; deskId: string }) =>
    new DomainError('seating.employee_has_desk', 'conflict', `${employeeId} already has desk ${desk.deskId} (office ${desk.officeId}, floor ${desk.floor})`, {
      employeeId,
      ...desk,
    }),
  unknownEmployee: (employeeId: string) =>
    new DomainError('seating.unknown_employee', 'unprocessable', `${employeeId} is not an active employee`, { employeeId }),

  /* ---------------------------------------------------------- hot desks */
  deskNotBookable: (deskId: string) =>
    new DomainError('seating.desk_not_bookable', 'unprocessable', `Desk ${deskId} is an assigned desk, not a hot desk`, { deskId }),
  invalidDate: (date: string) => new DomainError('seating.invalid_date', 'unprocessable', `"${date}" is not a date YYYY-MM-DD`, { date }),
  dateInPast: (date: string, today: string) =>
    new DomainError('seating.date_in_past', 'unprocessable', `${date} is in the past (today is ${today})`, { date, today }),
  tooFarAhead: (date: string, lastDate: string, daysAhead: number) =>
    new DomainError('seating.too_far_ahead', 'unprocessable', `Desks can be booked at most ${daysAhead} days ahead (until ${lastDate})`, {
      date,
      lastDate,
      daysAhead,
    }),
  notSelf: (action: string) => new DomainError('seating.not_yours', 'unprocessable', `Only the employee themselves or an admin may ${action}`, { action }),
  bookingExists: (bookingId: string) => new DomainError('seating.booking_exists', 'conflict', `Booking ${bookingId} already exists`, { bookingId }),
  deskTaken: (deskId: string, date: string) =>
    new DomainError('seating.desk_taken', 'conflict', `Desk ${deskId} is already booked on ${date}`, { deskId, date }),
  alreadyBooked: (deskId: string, date: string) =>
    new DomainError('seating.already_booked', 'conflict', `You have booked desk ${deskId} on ${date} already`, { deskId, date }),
  oneDeskPerDay: (employeeId: string, date: string, desk: { officeId: string; floor: number; deskId: string }) =>
    new DomainError('seating.one_desk_per_day', 'conflict', `${employeeId} has desk ${desk.deskId} booked on ${date} already: one desk per person and day`, {
      employeeId,
      date,
      ...desk,
    }),
  bookingNotFound: (deskId: string, date: string) =>
    new DomainError('seating.booking_not_found', 'not_found', `Desk ${deskId} has no booking on ${date}`, { deskId, date }),
  bookingPast: (deskId: string, date: string) =>
    new DomainError('seating.booking_past', 'conflict', `The booking of desk ${deskId} on ${date} is over`, { deskId, date }),
};

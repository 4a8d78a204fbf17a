import { DomainError } from '../shared/domain-error';

/**
 * Every rejection of the rooms feature, with a stable `rooms.*` code and
 * details a UI can use. `kind`: conflict = depends on the current state (the
 * slot is taken, the booking already started...), unprocessable = the
 * request can never succeed as written (bad times, too long, not allowed),
 * not_found = no such office / room / booking / series.
 */
export const RoomsErrors = {
  /* ------------------------------------------------------------- admin */
  adminRequired: (action: string) => new DomainError('rooms.admin_required', 'unprocessable', `Only an admin may ${action}`, { action }),
  invalidSettings: (field: string, message: string) => new DomainError('rooms.invalid_settings', 'unprocessable', `${field}: ${message}`, { field }),
  invalidId: (field: string, value: string) =>
    new DomainError('rooms.invalid_id', 'unprocessable', `${field} "${value}" may contain only letters, digits, "_" and "-"`, { field, value }),
  officeNotFound: (officeId: string) => new DomainError('rooms.office_not_found', 'not_found', `Office ${officeId} does not exist`, { officeId }),
  officeExists: (officeId: string) => new DomainError('rooms.office_exists', 'conflict', `Office ${officeId} already exists`, { officeId }),
  officeArchived: (officeId: string) => new DomainError('rooms.office_archived', 'conflict', `Office ${officeId} is archived`, { officeId }),
  roomNotFound: (roomId: string) => new DomainError('rooms.room_not_found', 'not_found', `Room ${roomId} does not exist`, { roomId }),
  roomExists: (roomId: string) => new DomainError('rooms.room_exists', 'conflict', `Room ${roomId} already exists`, { roomId }),
  roomRetired: (roomId: string) => new DomainError('rooms.room_retired', 'conflict', `Room ${roomId} is no longer bookable`, { roomId }),
  wrongRoom: (expected: string, actual: string) =>
    new DomainError('rooms.wrong_room', 'unprocessable', `This stream belongs to room ${expected}, not ${actual}`, { expected, actual }),

  /* ------------------------------------------------------------ times */
  invalidTime: (field: string, value: string) =>
    new DomainError('rooms.invalid_time', 'unprocessable', `${field} must be an ISO 8601 instant on a whole minute, got "${value}"`, { field, value }),
  invalidTimeRange: (start: string, end: string) =>
    new DomainError('rooms.invalid_time_range', 'unprocessable', 'The end must be after the start', { start, end }),
  holiday: (date: string, title: string | null) =>
    new DomainError('rooms.holiday', 'unprocessable', `${date} is a day off${title ? ` (${title})` : ''} in this office's calendar: its rooms are closed`, {
      date,
    }),
  startInPast: (start: string) => new DomainError('rooms.start_in_past', 'unprocessable', `The start ${start} is in the past`, { start }),
  tooShort: (minutes: number, minimum: number) =>
    new DomainError('rooms.too_short', 'unprocessable', `A booking must last at least ${minimum} minutes (got ${minutes})`, { minutes, minimum }),
  tooLong: (minutes: number, maximum: number) =>
    new DomainError('rooms.too_long', 'unprocessable', `A booking may last at most ${maximum} minutes (got ${minutes})`, { minutes, maximum }),
  wrongDay: (date: string, expected: string) =>
    new DomainError('rooms.wrong_day', 'unprocessable', `The booking starts on ${date} in the room's time zone, not on ${expected}`, {
      date,
      expected,
    }),
  crossesMidnight: (date: string) =>
    new DomainError('rooms.crosses_midnight', 'unprocessable', `A booking must end by midnight of ${date} (room time)`, { date }),
  tooFarAhead: (date: string, maxDaysAhead: number, lastDate: string) =>
    new DomainError('rooms.too_far_ahead', 'unprocessable', `Bookings can be made at most ${maxDaysAhead} days ahead (until ${lastDate})`, {
      date,
      maxDaysAhead,
      lastDate,
    }),
  outsideWorkingHours: (days: number[], from: string, to: string, timeZone: string) =>
    new DomainError('rooms.outside_working_hours', 'unprocessable', `The room can be booked ${from}-${to} (${timeZone}) on weekdays ${days.join(',')}`, {
      days,
      from,
      to,
      timeZone,
    }),
  slotTaken: (conflictingBookingId: string, start: string, end: string, bufferMinutes: number) =>
    new DomainError(
      'rooms.slot_taken',
      'conflict',
      bufferMinutes > 0
        ? `The room is booked ${start.slice(11, 16)}-${end.slice(11, 16)} and needs ${bufferMinutes} minutes between meetings`
        : `The room is booked ${start.slice(11, 16)}-${end.slice(11, 16)}`,
      { conflictingBookingId, start, end, bufferMinutes },
    ),

  /* ----------------------------------------------------------- booking */
  invalidTitle: (maxLength: number) =>
    new DomainError('rooms.invalid_title', 'unprocessable', `A title of 1 to ${maxLength} characters is required`, { maxLength }),
  overCapacity: (people: number, capacity: number) =>
    new DomainError('rooms.over_capacity', 'unprocessable', `${people} people do not fit a room for ${capacity}`, { people, capacity }),
  dailyLimitReached: (organizerId: string, date: string, limit: number) =>
    new DomainError('rooms.daily_limit_reached', 'conflict', `At most ${limit} bookings per person on ${date}`, { organizerId, date, limit }),
  notOrganizer: (action: string) => new DomainError('rooms.not_organizer', 'unprocessable', `Only the organizer or an admin may ${action}`, { action }),
  bookingExists: (bookingId: string) => new DomainError('rooms.booking_exists', 'conflict', `Booking ${bookingId} already exists`, { bookingId }),
  bookingNotFound: (bookingId: string) => new DomainError('rooms.booking_not_found', 'not_found', `No booking ${bookingId} on this room-day`, { bookingId }),
  bookingNotActive: (bookingId: string, status: string) =>
    new DomainError('rooms.booking_not_active', 'conflict', `Booking ${bookingId} is ${status.replace('_', ' ')}`, { bookingId, status }),
  bookingStarted: (bookingId: string, action: string) =>
    new DomainError('rooms.booking_started', 'conflict', `Booking ${bookingId} has already started: cannot ${action}`, { bookingId, action }),
  bookingOver: (bookingId: string, end: string) =>
    new DomainError('rooms.booking_over', 'conflict', `Booking ${bookingId} ended at ${end}`, { bookingId, end }),
  bookingNotStarted: (bookingId: string, start: string) =>
    new DomainError('rooms.booking_not_started', 'conflict', `Booking ${bookingId} starts at ${start}; cancel it instead`, { bookingId, start }),
  invalidExtension: (minutes: unknown) =>
    new DomainError('rooms.invalid_extension', 'unprocessable', 'An extension is a positive whole number of minutes', { minutes }),
  nothingChanged: () => new DomainError('rooms.nothing_changed', 'unprocessable', 'The change request changes nothing'),

  /* ---------------------------------------------------- check-in/release */
  checkInNotOpen: (bookingId: string, opensAt: string) =>
    new DomainError('rooms.check_in_not_open', 'conflict', `Check-in opens at ${opensAt}`, { bookingId, opensAt }),
  checkInClosed: (bookingId: string, deadline: string) =>
    new DomainError('rooms.check_in_closed', 'conflict', `Check-in closed at ${deadline}`, { bookingId, deadline }),
  alreadyCheckedIn: (bookingId: string, checkedInBy: string, checkedInAt: string) =>
    new DomainError('rooms.already_checked_in', 'conflict', 'Already checked in', { bookingId, checkedInBy, checkedInAt }),
  notParticipant: () => new DomainError('rooms.not_participant', 'unprocessable', 'Only the organizer, an attendee or an admin may check in'),
  nothingToCheckIn: (roomId: string) =>
    new DomainError('rooms.nothing_to_check_in', 'conflict', `No booking of room ${roomId} is waiting for a check-in now`, { roomId }),
  autoReleaseOff: (roomId: string) => new DomainError('rooms.auto_release_off', 'conflict', `Room ${roomId} does not release unattended bookings`, { roomId }),
  releaseNotDue: (bookingId: string, deadline: string) =>
    new DomainError('rooms.release_not_due', 'conflict', `Booking ${bookingId} can be released from ${deadline}`, { bookingId, deadline }),

  /* ------------------------------------------------------------ series */
  invalidRecurrence: (field: string, message: string) => new DomainError('rooms.invalid_recurrence', 'unprocessable', `rule.${field}: ${message}`, { field }),
  seriesTooLong: (lastDate: string, limitDate: string) =>
    new DomainError('rooms.series_too_long', 'unprocessable', `Occurrences may be planned until ${limitDate}; this series runs until ${lastDate}`, {
      lastDate,
      limitDate,
    }),
  noOccurrences: () => new DomainError('rooms.no_occurrences', 'unprocessable', 'The series has no occurrence left to book'),
  seriesNotFound: (seriesId: string) => new DomainError('rooms.series_not_found', 'not_found', `Series ${seriesId} does not exist`, { seriesId }),
  seriesExists: (seriesId: string) => new DomainError('rooms.series_exists', 'conflict', `Series ${seriesId} already exists`, { seriesId }),
  seriesCancelled: (seriesId: string) => new DomainError('rooms.series_cancelled', 'conflict', `Series ${seriesId} was cancelled`, { seriesId }),
  notInSeries: (seriesId: string, date: string) =>
    new DomainError('rooms.not_in_series', 'unprocessable', `${date} is not an occurrence of series ${seriesId}`, { seriesId, date }),
  seriesNotFlagged: (seriesId: string) =>
    new DomainError('rooms.series_not_flagged', 'conflict', `Series ${seriesId} is not flagged as unattended`, { seriesId }),
};

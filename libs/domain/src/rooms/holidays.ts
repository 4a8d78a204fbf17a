import type { CalendarDay, WorkingHours } from '@megabot/contracts';
import type { WorkingCalendar } from '../company/working-days';

/**
 * Rooms on the production calendar's holidays. A room open on weekdays
 * only closes on the holidays of its office's calendar (a day off moved
 * onto a weekday included); a room the office opens on Saturdays or Sundays
 * is meant for days off and stays bookable on holidays - that is how an
 * office "allows" holiday bookings, with no extra setting. Plain weekends
 * are the room's working hours' business, as before.
 */
export function holidayClosing(hours: WorkingHours, calendar: WorkingCalendar | null, date: string): CalendarDay | null {
  if (hours.days.includes(6) || hours.days.includes(7)) return null;
  const day = calendar?.days.get(date);
  return day?.kind === 'holiday' ? day : null;
}

import { FLOOR_MAX, FLOOR_MIN, ROOMS_DATE_PATTERN, SEATING_ID_PATTERN } from '@megabot/contracts';
import { problem } from '../core/problem';

/*
 * Path parameters of the seating routes, checked before they reach a
 * stream name (the bodies and query strings are checked by their DTOs).
 */

export function seatingIdOf(field: string, id: string): string {
  if (!SEATING_ID_PATTERN.test(id)) throw problem(400, 'validation.failed', `${field} must be 1-64 letters, digits, "_" or "-"`);
  return id;
}

export function floorOf(floor: string): number {
  const n = /^-?\d{1,3}$/.test(floor) ? Number(floor) : NaN;
  if (!Number.isInteger(n) || n < FLOOR_MIN || n > FLOOR_MAX)
    throw problem(400, 'validation.failed', `floor must be a whole number ${FLOOR_MIN}..${FLOOR_MAX}`);
  return n;
}

export function dateOf(date: string): string {
  if (!ROOMS_DATE_PATTERN.test(date)) throw problem(400, 'validation.failed', 'date must be YYYY-MM-DD');
  return date;
}

/** The floor a route names: `/seating/offices/:officeId/floors/:floor`. */
export const floorRef = (officeId: string, floor: string) => ({ officeId: seatingIdOf('officeId', officeId), floor: floorOf(floor) });

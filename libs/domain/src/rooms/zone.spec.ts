import { addDays, fixedZone, formatLocalIso, fromLocal, minuteOfDay, parseHhmm, toLocal, weekdayOf, type ZoneOffsets } from './zone';

/** Europe/Berlin around the 2025 changes: +01:00, +02:00 from 30 Mar 01:00Z, +01:00 from 26 Oct 01:00Z. */
const BERLIN: ZoneOffsets = {
  zone: 'Europe/Berlin',
  offsetMinutes: 60,
  changes: [
    { at: '2025-03-30T01:00:00Z', offsetMinutes: 120 },
    { at: '2025-10-26T01:00:00Z', offsetMinutes: 60 },
  ],
};
const MSK = fixedZone('Europe/Moscow', 180);

describe('zone offsets', () => {
  it('reads the local date, minute and weekday', () => {
    expect(toLocal(MSK, Date.parse('2025-03-14T21:30:15Z'))).toEqual({ date: '2025-03-15', minute: 30, second: 15, weekday: 6, offsetMinutes: 180 });
    expect(toLocal(fixedZone('America/Caracas', -240), Date.parse('2025-03-14T02:00:00Z'))).toMatchObject({ date: '2025-03-13', minute: 22 * 60 });
  });
  it('weekdays are ISO (Monday 1, Sunday 7)', () => {
    expect(weekdayOf('2025-03-17')).toBe(1);
    expect(weekdayOf('2025-03-16')).toBe(7);
    expect(weekdayOf('2024-02-29')).toBe(4);
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
  });
  it('follows daylight saving changes', () => {
    expect(formatLocalIso(BERLIN, Date.parse('2025-03-30T00:59:00Z'))).toBe('2025-03-30T01:59:00+01:00');
    expect(formatLocalIso(BERLIN, Date.parse('2025-03-30T01:00:00Z'))).toBe('2025-03-30T03:00:00+02:00');
    expect(formatLocalIso(BERLIN, Date.parse('2025-07-01T08:00:00Z'))).toBe('2025-07-01T10:00:00+02:00');
  });
  it('maps wall-clock times back to instants: gap times move forward, repeated times take the first', () => {
    expect(new Date(fromLocal(BERLIN, '2025-03-30', 10 * 60)).toISOString()).toBe('2025-03-30T08:00:00.000Z');
    expect(new Date(fromLocal(BERLIN, '2025-03-30', 2 * 60 + 30)).toISOString()).toBe('2025-03-30T01:30:00.000Z'); // 02:30 does not exist -> 03:30
    expect(new Date(fromLocal(BERLIN, '2025-10-26', 2 * 60 + 30)).toISOString()).toBe('2025-10-26T00:30:00.000Z'); // first 02:30 (+02:00)
    expect(new Date(fromLocal(MSK, '2025-03-14', 1440)).toISOString()).toBe('2025-03-14T21:00:00.000Z');
  });
  it('reads minutes of a room-day from stored local times, midnight as 1440', () => {
    expect(minuteOfDay('2025-03-14T10:30:00+03:00', '2025-03-14')).toBe(630);
    expect(minuteOfDay('2025-03-15T00:00:00+03:00', '2025-03-14')).toBe(1440);
  });
  it('parses HH:MM strictly', () => {
    expect(parseHhmm('09:05')).toBe(545);
    expect(parseHhmm('24:00')).toBeNull();
    expect(parseHhmm('24:00', true)).toBe(1440);
    expect(parseHhmm('9:05')).toBeNull();
    expect(parseHhmm('10:60')).toBeNull();
  });
});

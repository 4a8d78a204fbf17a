/* Test helpers: a room-day built from a compact description (not used by production code). */
import type { RoomDayEvent, RoomSettings } from '@megabot/contracts';
import {
  evolveRoomDay,
  fixedZone,
  initialRoomDayState,
  resolveRoomSettings,
  type RoomDayState,
  type RoomSettingsInput,
  type ZoneOffsets,
} from '../../../domain/src/rooms';

export interface MeetingSpec {
  start: string;
  end: string;
  title: string;
  private?: boolean;
  checkedIn?: boolean;
  /** Released as a no-show at this local time `HH:MM`. */
  releasedAt?: string;
  cancelled?: boolean;
}

export interface Scenario {
  roomId?: string;
  name: string;
  /** Local `YYYY-MM-DDTHH:MM[:SS]`. */
  now: string;
  offsetMinutes?: number;
  settings?: Partial<RoomSettingsInput>;
  meetings?: MeetingSpec[];
}

export interface Built {
  room: RoomSettings;
  zone: ZoneOffsets;
  day: RoomDayState;
  now: Date;
}

const offsetText = (m: number) => `${m < 0 ? '-' : '+'}${String(Math.floor(Math.abs(m) / 60)).padStart(2, '0')}:${String(Math.abs(m) % 60).padStart(2, '0')}`;

export function buildScenario(s: Scenario): Built {
  const offset = s.offsetMinutes ?? 180;
  const zone = fixedZone(offset === 0 ? 'UTC' : 'Europe/Moscow', offset);
  const roomId = s.roomId ?? 'neva';
  const room = resolveRoomSettings(roomId, 'spb', zone.zone, { name: s.name, floor: 3, capacity: 12, ...s.settings });
  const date = s.now.slice(0, 10);
  const iso = (hhmm: string) => (hhmm === '24:00' ? `${nextDate(date)}T00:00:00${offsetText(offset)}` : `${date}T${hhmm}:00${offsetText(offset)}`);
  const events: RoomDayEvent[] = [];
  (s.meetings ?? []).forEach((m, i) => {
    const bookingId = `b${i + 1}`;
    const base = { roomId, date, bookingId };
    events.push({
      type: 'RoomBooked',
      data: {
        ...base,
        title: m.title,
        organizerId: 'anna',
        attendees: [],
        private: m.private ?? false,
        start: iso(m.start),
        end: iso(m.end),
        seriesId: null,
        bookedBy: 'anna',
        bookedAt: '2025-01-01T00:00:00.000Z',
      },
    });
    if (m.checkedIn)
      events.push({
        type: 'BookingCheckedIn',
        data: { ...base, checkedInBy: 'anna', via: 'qr', checkedInAt: new Date(Date.parse(iso(m.start))).toISOString() },
      });
    if (m.releasedAt)
      events.push({
        type: 'BookingReleased',
        data: { ...base, reason: 'no_show', deadline: iso(m.releasedAt), releasedAt: new Date(Date.parse(iso(m.releasedAt))).toISOString() },
      });
    if (m.cancelled) events.push({ type: 'BookingCancelled', data: { ...base, cancelledBy: 'anna', reason: '', cancelledAt: '2025-01-01T00:00:00.000Z' } });
  });
  const day = events.reduce(evolveRoomDay, initialRoomDayState);
  const now = new Date(`${s.now.length === 16 ? `${s.now}:00` : s.now}${offsetText(offset)}`);
  return { room, zone, day, now };
}

function nextDate(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

export const ALL_DAY = { workingHours: { days: [1, 2, 3, 4, 5, 6, 7], from: '00:00', to: '24:00' } };

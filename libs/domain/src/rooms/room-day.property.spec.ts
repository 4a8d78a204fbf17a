import fc from 'fast-check';
import type { RoomDayEvent } from '@megabot/contracts';
import { DomainError } from '../shared/domain-error';
import { roomDayDecider, type RoomDayCommand } from './room-day.decider';
import { occupancy } from './room-day.state';
import { ADMIN, ctx, DATE, dayOf, emp } from './rooms.fixtures';
import { MINUTE_MS } from './zone';

/**
 * Whatever sequence of commands, by whoever, at whatever time: no two
 * bookings of a room-day ever occupy overlapping time (buffer included),
 * and every booking stays within working hours of its day. The event store
 * appends a decision only at the revision it was decided on, so this holds
 * for concurrent writers too: the loser is decided again on the new state.
 */
describe('room-day invariants (property)', () => {
  const base = Date.parse(`${DATE}T08:00:00+03:00`);
  const stamp = (minute: number) => new Date(base + minute * MINUTE_MS).toISOString();
  const actors = ['anna', 'boris', 'carl'];

  const command = (bufferMinutes: number) =>
    fc
      .oneof(
        {
          weight: 3,
          arbitrary: fc.record({
            kind: fc.constant('book' as const),
            id: fc.integer({ min: 0, max: 5 }),
            actor: fc.integer({ min: 0, max: 2 }),
            start: fc.integer({ min: -10, max: 240 }),
            length: fc.integer({ min: 10, max: 250 }),
          }),
        },
        fc.record({
          kind: fc.constantFrom('cancel' as const, 'end' as const, 'checkin' as const, 'release' as const),
          id: fc.integer({ min: 0, max: 5 }),
          actor: fc.integer({ min: 0, max: 3 }),
        }),
        fc.record({
          kind: fc.constant('extend' as const),
          id: fc.integer({ min: 0, max: 5 }),
          actor: fc.integer({ min: 0, max: 3 }),
          minutes: fc.integer({ min: 1, max: 240 }),
        }),
        fc.record({
          kind: fc.constant('move' as const),
          id: fc.integer({ min: 0, max: 5 }),
          start: fc.integer({ min: 0, max: 240 }),
          length: fc.integer({ min: 15, max: 120 }),
        }),
      )
      .map((c) => ({ ...c, bufferMinutes }));

  it('never lets bookings overlap', () => {
    const seen: Record<string, number> = {};
    const count = (k: string) => (seen[k] = (seen[k] ?? 0) + 1);
    fc.assert(
      fc.property(
        fc
          .integer({ min: 0, max: 15 })
          .chain((buffer) =>
            fc.tuple(fc.constant(buffer), fc.array(fc.tuple(command(buffer), fc.integer({ min: 0, max: 25 })), { minLength: 1, maxLength: 50 })),
          ),
        ([bufferMinutes, steps]) => {
          const room = ctx({ bufferMinutes });
          const events: RoomDayEvent[] = [];
          let clock = -30; // minutes after 08:00, moving forward
          for (const [c, advance] of steps) {
            clock += advance;
            const now = new Date(base + clock * MINUTE_MS + 17_000);
            const existing = dayOf(events).bookings;
            // Commands on a booking mostly target one that exists, mostly by its organizer.
            const target = c.kind !== 'book' && existing.length > 0 && c.id > 0 ? existing[c.id % existing.length] : null;
            const bookingId = target?.bookingId ?? `b${c.id}`;
            const pick = (c as { actor?: number }).actor ?? 0;
            const actorId = c.kind === 'book' ? actors[pick] : pick === 3 ? 'admin' : pick === 2 ? 'carl' : (target?.organizerId ?? 'anna');
            const actor = actorId === 'admin' ? ADMIN : emp(actorId);
            const common = { room, date: DATE, actor };
            let cmd: RoomDayCommand;
            switch (c.kind) {
              case 'book':
                cmd = {
                  ...common,
                  type: 'BookRoom',
                  bookingId,
                  title: 't',
                  organizerId: actorId,
                  start: stamp(clock + c.start),
                  end: stamp(clock + c.start + c.length),
                };
                break;
              case 'move':
                cmd = { ...common, actor: ADMIN, type: 'ChangeBooking', bookingId, start: stamp(clock + c.start), end: stamp(clock + c.start + c.length) };
                break;
              case 'extend':
                cmd = { ...common, type: 'ExtendBooking', bookingId, minutes: c.minutes };
                break;
              case 'cancel':
                cmd = { ...common, type: 'CancelBooking', bookingId };
                break;
              case 'end':
                cmd = { ...common, type: 'EndBookingEarly', bookingId };
                break;
              case 'checkin':
                cmd = { ...common, type: 'CheckIn', bookingId, via: 'bot' };
                break;
              case 'release':
                cmd = { ...common, type: 'ReleaseBooking', bookingId };
                break;
            }
            try {
              const produced = roomDayDecider.decide(dayOf(events), cmd, now);
              produced.forEach((e) => count(e.type));
              events.push(...produced);
            } catch (e) {
              if (!(e instanceof DomainError)) throw e;
              count(e.code);
            }
          }
          const state = dayOf(events);
          const held = state.bookings.map((b) => ({ b, o: occupancy(b) })).filter((x) => x.o !== null);
          for (let i = 0; i < held.length; i++) {
            const a = held[i];
            expect(a.b.startMinute).toBeGreaterThanOrEqual(8 * 60);
            expect(a.b.endMinute).toBeLessThanOrEqual(20 * 60);
            for (let j = i + 1; j < held.length; j++) {
              const b = held[j];
              const gap = a.o!.buffered && b.o!.buffered ? bufferMinutes * MINUTE_MS : 0;
              const apart = a.o!.endMs + gap <= b.o!.startMs || b.o!.endMs + gap <= a.o!.startMs;
              if (!apart) throw new Error(`overlap: ${JSON.stringify(a.b)} / ${JSON.stringify(b.b)}`);
            }
          }
        },
      ),
      { numRuns: 400, seed: 20250314 },
    );
    // The runs exercised the interesting paths, not just rejections.
    if (process.env.SHOW_COUNTS) console.log(seen);
    for (const k of ['RoomBooked', 'BookingChanged', 'BookingExtended', 'BookingCancelled', 'BookingEndedEarly', 'rooms.slot_taken'])
      expect({ [k]: (seen[k] ?? 0) > 5 }).toEqual({ [k]: true });
  });
});

import fc from 'fast-check';
import { MAX_MINUTES_PER_DAY, type TimesheetEvent } from '@megabot/contracts';
import { DomainError } from '../shared/domain-error';
import { minutesByDate, timesheetDecider, type TimesheetCommand, type TimesheetState } from './timesheet.decider';
import { ADMIN, ANNA, BORIS, context, NOW, PERIOD } from './timesheets.fixtures';

/**
 * Whatever sequence of logs, edits and deletes, by whoever, in an open or a
 * closed period: no day ever holds more than 24 h, every entry lies in the
 * period, within the employment and on an open assigned project, and a closed
 * period never changes. The store appends a decision only at the revision it
 * was decided on, so this holds for concurrent writers too.
 */
describe('timesheet invariants (property)', () => {
  const actors = [ANNA, BORIS, ADMIN];
  const projects = ['ACME', 'MEGA', 'OLD', 'ZETA', 'NOPE'];
  const command = fc.record({
    kind: fc.constantFrom('log' as const, 'log' as const, 'edit' as const, 'delete' as const),
    id: fc.integer({ min: 0, max: 6 }),
    day: fc.integer({ min: 0, max: 33 }),
    minutes: fc.integer({ min: -10, max: 1500 }),
    project: fc.integer({ min: 0, max: 4 }),
    actor: fc.integer({ min: 0, max: 2 }),
    closed: fc.boolean(),
  });

  it('keeps every day within 24 h and every entry valid; a closed period never changes', () => {
    fc.assert(
      fc.property(fc.array(command, { maxLength: 40 }), (commands) => {
        let state: TimesheetState = timesheetDecider.initialState;
        for (const k of commands) {
          const date = `2025-03-${String(k.day).padStart(2, '0')}`;
          const base = { employeeId: 'anna', period: PERIOD, context: context({ periodClosed: k.closed && k.id % 3 === 0 }), actor: actors[k.actor] };
          const c: TimesheetCommand =
            k.kind === 'log'
              ? { ...base, type: 'LogTime', entries: [{ entryId: `e${k.id}`, date, project: projects[k.project], minutes: k.minutes }] }
              : k.kind === 'edit'
                ? { ...base, type: 'EditTimeEntry', entryId: `e${k.id}`, changes: { minutes: k.minutes, date: k.day % 2 ? date : undefined } }
                : { ...base, type: 'DeleteTimeEntry', entryId: `e${k.id}` };
          let events: TimesheetEvent[] = [];
          try {
            events = timesheetDecider.decide(state, c, NOW);
          } catch (e) {
            if (!(e instanceof DomainError)) throw e;
          }
          if (c.context.periodClosed || c.actor === BORIS) expect(events).toEqual([]);
          state = events.reduce(timesheetDecider.evolve, state);
          for (const total of minutesByDate(state).values()) expect(total).toBeLessThanOrEqual(MAX_MINUTES_PER_DAY);
          for (const e of Object.values(state.entries)) {
            expect(e.date >= '2025-03-03' && e.date <= '2025-03-21' && e.date.startsWith(PERIOD)).toBe(true);
            expect(['ACME', 'MEGA']).toContain(e.project);
            expect(e.minutes).toBeGreaterThan(0);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});

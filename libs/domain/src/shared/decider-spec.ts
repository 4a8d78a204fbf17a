import type { Decider, DomainEvent } from './decider';
import { DomainError } from './domain-error';

/**
 * Given/when/then for deciders:
 *   spec.given([...events]).when(command, now).then([...events])
 *   spec.given([...]).when(command, now).thenThrows('auction.bid_too_low')
 */
export function deciderSpec<C, E extends DomainEvent, S>(decider: Decider<C, E, S>) {
  return {
    given(events: E[]) {
      return {
        when(command: C, now: Date) {
          const run = () => decider.decide(events.reduce(decider.evolve, decider.initialState), command, now);
          return {
            then(expected: E[]) {
              expect(run()).toEqual(expected);
            },
            thenThrows(code: string, details?: Record<string, unknown>) {
              let caught: unknown;
              try {
                run();
              } catch (e) {
                caught = e;
              }
              expect(caught).toBeInstanceOf(DomainError);
              expect((caught as DomainError).code).toBe(code);
              if (details) expect((caught as DomainError).details).toMatchObject(details);
            },
          };
        },
      };
    },
  };
}

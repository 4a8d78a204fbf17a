import type { RecordedEvent } from '@megabot/event-store';

let position = 0n;

/**
 * Events as the log records them, for the pure folds of the read side: one
 * stream, revisions from 0, global positions in the order they are made,
 * ids numbered like the positions, recorded at `at`.
 */
export function recordedStream(streamId: string) {
  let revision = 0n;
  return <T>(type: string, data: T, at: Date = new Date('2026-11-25T10:00:00.000Z')): RecordedEvent<T> => {
    position++;
    const r = revision++;
    return {
      id: `00000000-0000-4000-8000-${position.toString(16).padStart(12, '0')}`,
      type,
      data,
      metadata: { occurredAt: at.toISOString(), schemaVersion: 1 },
      streamId,
      revision: r,
      position: { commit: position, prepare: position },
      recordedAt: at,
    };
  };
}

/**
 * Given/when/then for a row's fold `evolve(row | undefined, event)`:
 *   foldSpec(evolveLot).given([opened, bid]).when(closed).then({ status: 'closed' })
 *   foldSpec(evolveLot).given([opened]).when(opened).thenUnchanged()
 */
export function foldSpec<R>(evolve: (row: R | undefined, event: RecordedEvent) => R | undefined) {
  return {
    given(events: RecordedEvent[]) {
      const before = events.reduce<R | undefined>(evolve, undefined);
      return {
        when(event: RecordedEvent) {
          const after = evolve(before, event);
          return {
            before,
            after,
            then(expected: Partial<R>) {
              expect(after).toMatchObject(expected as object);
            },
            /** The event changes nothing: the fold hands back the same row (a replay, or an event of an unknown row). */
            thenUnchanged() {
              expect(after).toBe(before);
            },
          };
        },
      };
    },
  };
}

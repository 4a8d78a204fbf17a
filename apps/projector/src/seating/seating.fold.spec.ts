import type { PlanShapes, SeatingEvent } from '@megabot/contracts';
import type { RecordedEvent } from '@megabot/event-store';
import { desksOf, evolveDesk, evolveDeskBooking, evolvePlan } from './seating.fold';

let n = 0;
const recorded = (e: SeatingEvent, revision: number, streamId = 'seatingplan-msk-5'): RecordedEvent =>
  ({
    ...e,
    eventId: `e${++n}`,
    streamId,
    revision: BigInt(revision),
    position: { commit: BigInt(n), prepare: BigInt(n) },
    recordedAt: new Date(),
    metadata: {},
  }) as never;

const AT = '2026-12-01T09:00:00.000Z';
const where = { officeId: 'msk', floor: 5 };
const shapes = (...deskIds: string[]): PlanShapes => ({
  width: 100,
  height: 100,
  desks: deskIds.map((deskId, i) => ({ deskId, label: deskId, kind: 'assigned' as const, x: i * 10, y: 5, nodeId: 'n1' })),
  rooms: [],
  nodes: [{ nodeId: 'n1', kind: 'corridor', x: 0, y: 0, connects: null }],
  edges: [],
});
const published = (revision: number, version: number, desks: string[], removedDeskIds: string[] = []) =>
  recorded(
    {
      type: 'FloorPlanPublished',
      data: { ...where, name: 'Floor 5', version, svg: '<svg/>', shapes: shapes(...desks), removedDeskIds, publishedBy: 'admin', publishedAt: AT },
    },
    revision,
  );

describe('seating fold', () => {
  it('a plan and its desks: published, assigned, re-published without a desk (kept, off the plan); a replay changes nothing', () => {
    const first = published(0, 1, ['d1', 'd2']);
    const plan = evolvePlan(undefined, first)!;
    expect(plan).toMatchObject({ office_id: 'msk', floor: 5, version: 1, revision: '0' });
    expect(evolvePlan(plan, first)).toBe(plan);
    expect(desksOf(first)).toEqual(['d1', 'd2']);
    const d1 = evolveDesk(undefined, first, 'd1')!;
    expect(d1).toMatchObject({ desk_id: 'd1', kind: 'assigned', on_plan: true, assignee_id: null, node_id: 'n1', revision: '0' });
    const assigned = recorded({ type: 'DeskAssigned', data: { ...where, deskId: 'd1', employeeId: 'anna', assignedBy: 'admin', assignedAt: AT } }, 1);
    const withAnna = evolveDesk(d1, assigned, 'd1')!;
    expect(withAnna).toMatchObject({ assignee_id: 'anna', revision: '1' });
    expect(evolveDesk(withAnna, assigned, 'd1')).toBe(withAnna);
    // re-published with d1 still on it: the assignment stays
    expect(evolveDesk(withAnna, published(2, 2, ['d1']), 'd1')).toMatchObject({ assignee_id: 'anna', on_plan: true, revision: '2' });
    // d1 removed (its DeskUnassigned comes first in the same write)
    const unassigned = recorded(
      { type: 'DeskUnassigned', data: { ...where, deskId: 'd1', employeeId: 'anna', reason: 'removed_from_plan', unassignedBy: 'admin', unassignedAt: AT } },
      3,
    );
    const removed = published(4, 3, ['d2'], ['d1']);
    expect(desksOf(removed)).toEqual(['d2', 'd1']);
    expect(evolveDesk(evolveDesk(withAnna, unassigned, 'd1'), removed, 'd1')).toMatchObject({ on_plan: false, assignee_id: null, revision: '4' });
  });

  it('a hot-desk booking is booked, then cancelled; a replay changes nothing', () => {
    const stream = 'deskday-msk-5-d3-2026-12-02';
    const data = { ...where, deskId: 'd3', date: '2026-12-02', bookingId: 'b1', employeeId: 'anna' };
    const booked = recorded({ type: 'DeskBooked', data: { ...data, bookedBy: 'anna', bookedAt: AT } }, 0, stream);
    const row = evolveDeskBooking(undefined, booked)!;
    expect(row).toMatchObject({ booking_id: 'b1', desk_id: 'd3', date: '2026-12-02', status: 'booked', stream_revision: '0' });
    const cancelled = recorded({ type: 'DeskBookingCancelled', data: { ...data, cancelledBy: 'anna', cancelledAt: AT } }, 1, stream);
    const after = evolveDeskBooking(row, cancelled)!;
    expect(after).toMatchObject({ status: 'cancelled', cancelled_at: new Date(AT), stream_revision: '1' });
    expect(evolveDeskBooking(after, booked)).toBe(after);
  });
});

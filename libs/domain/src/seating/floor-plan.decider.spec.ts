import type { FloorPlanEvent } from '@megabot/contracts';
import { deciderSpec } from '../shared/decider-spec';
import { ADMIN, ANNA } from '../rooms/rooms.fixtures';
import { floorPlanDecider, type PublishFloorPlan } from './floor-plan.decider';
import { sanitizePlanSvg } from './svg-plan';

const NOW = new Date('2026-12-01T09:00:00Z');
const AT = NOW.toISOString();
const plans = deciderSpec(floorPlanDecider);

const SVG = `<svg viewBox="0 0 100 100">
  <rect id="d1" data-seating="desk" data-kind="assigned" x="0" y="0" width="10" height="10"/>
  <rect id="d2" data-seating="desk" x="20" y="0" width="10" height="10"/>
  <rect id="r1" data-seating="room" data-room="neva" x="50" y="50" width="10" height="10"/>
  <circle id="n1" data-seating="node" cx="5" cy="30"/></svg>`;
const WITHOUT_D1 = SVG.replace(/<rect id="d1"[^>]*>/, '');
const where = { officeId: 'spb', floor: 3 };
const publish: PublishFloorPlan = {
  type: 'PublishFloorPlan',
  ...where,
  name: ' 3rd floor ',
  svg: SVG,
  office: { officeId: 'spb', timeZone: 'Europe/Moscow', archived: false },
  roomOffices: { neva: 'spb' },
  actor: ADMIN,
};
const published = (svg = SVG, version = 1, removedDeskIds: string[] = []): FloorPlanEvent => {
  const plan = sanitizePlanSvg(svg);
  return {
    type: 'FloorPlanPublished',
    data: { ...where, name: '3rd floor', version, svg: plan.svg, shapes: plan.shapes, removedDeskIds, publishedBy: 'admin', publishedAt: AT },
  };
};
const assigned = (deskId: string, employeeId: string): FloorPlanEvent => ({
  type: 'DeskAssigned',
  data: { ...where, deskId, employeeId, assignedBy: 'admin', assignedAt: AT },
});
const assign = (deskId: string, employeeId: string) => ({
  type: 'AssignDesk' as const,
  ...where,
  deskId,
  employeeId,
  employeeActive: true,
  employeeDeskElsewhere: null,
  actor: ADMIN,
});

describe('floor plan decider', () => {
  it('publishes a sanitized plan (admins only); the same plan again changes nothing; a new one is the next version', () => {
    plans.given([]).when(publish, NOW).then([published()]);
    plans.given([published()]).when(publish, NOW).then([]);
    plans
      .given([published()])
      .when({ ...publish, svg: WITHOUT_D1 }, NOW)
      .then([published(WITHOUT_D1, 2, ['d1'])]);
    plans
      .given([])
      .when({ ...publish, actor: ANNA }, NOW)
      .thenThrows('seating.admin_required');
    plans
      .given([])
      .when({ ...publish, svg: '<svg><script/>' }, NOW)
      .thenThrows('seating.invalid_svg');
  });

  it('refuses rooms of another office or unknown rooms, an archived office, a bad floor', () => {
    plans
      .given([])
      .when({ ...publish, roomOffices: { neva: 'msk' } }, NOW)
      .thenThrows('seating.unknown_room', { roomId: 'neva' });
    plans
      .given([])
      .when({ ...publish, roomOffices: { neva: null } }, NOW)
      .thenThrows('seating.unknown_room');
    plans
      .given([])
      .when({ ...publish, office: { ...publish.office, archived: true } }, NOW)
      .thenThrows('seating.office_archived');
    plans
      .given([])
      .when({ ...publish, floor: 1.5 }, NOW)
      .thenThrows('seating.invalid_plan', { field: 'floor' });
  });

  it('assigns an assigned desk to one employee; one assigned desk per employee; hot desks are not assigned', () => {
    plans
      .given([published()])
      .when(assign('d1', 'anna'), NOW)
      .then([assigned('d1', 'anna')]);
    plans
      .given([published(), assigned('d1', 'anna')])
      .when(assign('d1', 'anna'), NOW)
      .then([]);
    plans
      .given([published(), assigned('d1', 'anna')])
      .when(assign('d1', 'boris'), NOW)
      .thenThrows('seating.desk_occupied');
    plans.given([published()]).when(assign('d2', 'anna'), NOW).thenThrows('seating.desk_not_assignable');
    plans
      .given([published()])
      .when({ ...assign('d1', 'gone'), employeeActive: false }, NOW)
      .thenThrows('seating.unknown_employee');
    plans
      .given([published()])
      .when({ ...assign('d1', 'anna'), employeeDeskElsewhere: { officeId: 'spb', floor: 2, deskId: 'x' } }, NOW)
      .thenThrows('seating.employee_has_desk', { floor: 2, deskId: 'x' });
    plans.given([published()]).when(assign('nope', 'anna'), NOW).thenThrows('seating.desk_not_found');
    plans.given([]).when(assign('d1', 'anna'), NOW).thenThrows('seating.plan_not_found');
  });

  it('changes a desk; an assigned desk in use cannot become hot; unassigning is idempotent', () => {
    const change = { type: 'ChangeDesk' as const, ...where, deskId: 'd2', kind: 'assigned' as const, label: '2.02', actor: ADMIN };
    plans
      .given([published()])
      .when(change, NOW)
      .then([{ type: 'DeskChanged', data: { ...where, deskId: 'd2', label: '2.02', kind: 'assigned', changedBy: 'admin', changedAt: AT } }]);
    plans
      .given([published()])
      .when({ ...change, kind: 'hot', label: 'd2' }, NOW)
      .then([]);
    plans
      .given([published(), assigned('d1', 'anna')])
      .when({ ...change, deskId: 'd1', kind: 'hot' }, NOW)
      .thenThrows('seating.desk_assigned');
    const unassign = { type: 'UnassignDesk' as const, ...where, deskId: 'd1', actor: ADMIN };
    plans
      .given([published(), assigned('d1', 'anna')])
      .when(unassign, NOW)
      .then([{ type: 'DeskUnassigned', data: { ...where, deskId: 'd1', employeeId: 'anna', reason: 'admin', unassignedBy: 'admin', unassignedAt: AT } }]);
    plans.given([published()]).when(unassign, NOW).then([]);
  });

  it('a re-published plan keeps what admins changed unless the SVG states it, and ends the assignments of desks it no longer has', () => {
    const madeAssigned: FloorPlanEvent = {
      type: 'DeskChanged',
      data: { ...where, deskId: 'd2', label: 'Window', kind: 'assigned', changedBy: 'admin', changedAt: AT },
    };
    const again = SVG.replace('width="10" height="10"/>\n  <rect id="r1"', 'width="12" height="10"/>\n  <rect id="r1"');
    const [event] = floorPlanDecider.decide(
      [published(), madeAssigned].reduce(floorPlanDecider.evolve, floorPlanDecider.initialState),
      { ...publish, svg: again },
      NOW,
    );
    expect(event.type === 'FloorPlanPublished' && event.data.shapes.desks.find((d) => d.deskId === 'd2')).toMatchObject({ kind: 'assigned', label: 'Window' });
    plans
      .given([published(), assigned('d1', 'anna')])
      .when({ ...publish, svg: WITHOUT_D1 }, NOW)
      .then([
        { type: 'DeskUnassigned', data: { ...where, deskId: 'd1', employeeId: 'anna', reason: 'removed_from_plan', unassignedBy: 'admin', unassignedAt: AT } },
        published(WITHOUT_D1, 2, ['d1']),
      ]);
    plans
      .given([published(), assigned('d1', 'anna')])
      .when({ ...publish, svg: SVG.replace('data-kind="assigned"', 'data-kind="hot"') }, NOW)
      .thenThrows('seating.desk_assigned', { deskId: 'd1' });
  });

  it("a dismissed employee's desk is given back by the offboarding manager; a desk someone else has by now is left alone", () => {
    const release = { type: 'ReleaseDismissedDesk' as const, ...where, deskId: 'd1', employeeId: 'anna', by: 'seating-offboarding' };
    plans
      .given([published(), assigned('d1', 'anna')])
      .when(release, NOW)
      .then([
        {
          type: 'DeskUnassigned',
          data: { ...where, deskId: 'd1', employeeId: 'anna', reason: 'dismissed', unassignedBy: 'seating-offboarding', unassignedAt: AT },
        },
      ]);
    plans
      .given([published(), assigned('d1', 'boris')])
      .when(release, NOW)
      .then([]);
    plans.given([published()]).when(release, NOW).then([]);
    plans.given([]).when(release, NOW).then([]);
  });
});

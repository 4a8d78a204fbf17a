import type { Actor, DeskKind, FloorPlanEvent, PlanShapes } from '@megabot/contracts';
import { FLOOR_MAX, FLOOR_MIN, SEATING_ID_PATTERN, SEATING_SCHEMA_VERSIONS, floorPlanStreamId, isAdmin } from '@megabot/contracts';
import type { Decider } from '../shared/decider';
import { versionsFrom, type WriteSideDefinition } from '../shared/write-side';
import type { OfficeRef } from '../rooms/room.decider';
import { SeatingErrors } from './seating.errors';
import { sanitizePlanSvg } from './svg-plan';

/** Where a desk is: what a desk outside this plan is named by (another floor's desk of an employee). */
export interface DeskRef {
  officeId: string;
  floor: number;
  deskId: string;
}

interface OnPlan {
  officeId: string;
  floor: number;
  actor: Actor;
}

/**
 * Publishes or replaces the plan of a floor (stream
 * `seatingplan-<officeId>-<floor>`). The handler passes the office (folded
 * from its stream) and, for each room id the SVG names, that room's office
 * (null: no such room) - read from the room streams, so a room created a
 * moment ago is known.
 */
export interface PublishFloorPlan extends OnPlan {
  type: 'PublishFloorPlan';
  name: string;
  svg: string;
  office: OfficeRef;
  roomOffices: Readonly<Record<string, string | null>>;
}
/** Label and/or kind of a desk; no event when nothing changes. */
export interface ChangeDesk extends OnPlan {
  type: 'ChangeDesk';
  deskId: string;
  label?: string;
  kind?: DeskKind;
}
/**
 * Gives an assigned desk to an employee. `employeeActive` and
 * `employeeDeskElsewhere` (their assigned desk on another floor, from the
 * read model) come from the handler; on this floor the stream itself knows.
 */
export interface AssignDesk extends OnPlan {
  type: 'AssignDesk';
  deskId: string;
  employeeId: string;
  employeeActive: boolean;
  employeeDeskElsewhere: DeskRef | null;
}
export interface UnassignDesk extends OnPlan {
  type: 'UnassignDesk';
  deskId: string;
}
/**
 * Gives back the desk of a dismissed employee (the seating offboarding
 * manager sends it, as `by`). A desk assigned to someone else by now, or to
 * nobody, is left alone: no event, no error.
 */
export interface ReleaseDismissedDesk {
  type: 'ReleaseDismissedDesk';
  officeId: string;
  floor: number;
  deskId: string;
  employeeId: string;
  by: string;
}
export type FloorPlanCommand = PublishFloorPlan | ChangeDesk | AssignDesk | UnassignDesk | ReleaseDismissedDesk;

export interface PlanDeskState {
  label: string;
  kind: DeskKind;
  assignee: string | null;
}
export type FloorPlanState =
  | { status: 'none' }
  | {
      status: 'published';
      officeId: string;
      floor: number;
      name: string;
      version: number;
      svg: string;
      shapes: PlanShapes;
      desks: Record<string, PlanDeskState>;
    };

export const initialFloorPlanState: FloorPlanState = Object.freeze({ status: 'none' }) as FloorPlanState;

export function evolveFloorPlan(state: FloorPlanState, event: FloorPlanEvent): FloorPlanState {
  switch (event.type) {
    case 'FloorPlanPublished': {
      const d = event.data;
      const before = state.status === 'published' ? state.desks : {};
      const desks: Record<string, PlanDeskState> = {};
      for (const desk of d.shapes.desks) desks[desk.deskId] = { label: desk.label, kind: desk.kind, assignee: before[desk.deskId]?.assignee ?? null };
      return { status: 'published', officeId: d.officeId, floor: d.floor, name: d.name, version: d.version, svg: d.svg, shapes: d.shapes, desks };
    }
    case 'DeskChanged':
    case 'DeskAssigned':
    case 'DeskUnassigned': {
      if (state.status !== 'published' || !state.desks[event.data.deskId]) return state;
      const desk = state.desks[event.data.deskId];
      const next =
        event.type === 'DeskChanged'
          ? { ...desk, label: event.data.label, kind: event.data.kind }
          : { ...desk, assignee: event.type === 'DeskAssigned' ? event.data.employeeId : null };
      return { ...state, desks: { ...state.desks, [event.data.deskId]: next } };
    }
    default:
      return state;
  }
}

/** Which employee's desk on this floor, if any. */
export function deskOfEmployee(state: FloorPlanState, employeeId: string): string | null {
  if (state.status !== 'published') return null;
  return Object.keys(state.desks).find((id) => state.desks[id].assignee === employeeId) ?? null;
}

function checkFloor(officeId: string, floor: number): void {
  if (!SEATING_ID_PATTERN.test(officeId ?? '')) throw SeatingErrors.invalidPlan('officeId', 'letters, digits, "_" and "-"');
  if (!Number.isInteger(floor) || floor < FLOOR_MIN || floor > FLOOR_MAX) throw SeatingErrors.invalidPlan('floor', `a whole number ${FLOOR_MIN}..${FLOOR_MAX}`);
}

export function decideFloorPlan(state: FloorPlanState, c: FloorPlanCommand, now: Date): FloorPlanEvent[] {
  if (c.type === 'ReleaseDismissedDesk') return releaseDismissed(state, c, now);
  if (!isAdmin(c.actor)) throw SeatingErrors.adminRequired('manage floor plans and desks');
  checkFloor(c.officeId, c.floor);
  const at = now.toISOString();
  const by = c.actor.employeeId;
  const where = { officeId: c.officeId, floor: c.floor };
  if (c.type === 'PublishFloorPlan') return publish(state, c, at);
  if (state.status === 'none') throw SeatingErrors.planNotFound(c.officeId, c.floor);
  const desk = state.desks[c.deskId];
  if (!desk) throw SeatingErrors.deskNotFound(c.deskId);
  switch (c.type) {
    case 'ChangeDesk': {
      const label = c.label === undefined ? desk.label : c.label.trim();
      if (!label || label.length > 40) throw SeatingErrors.invalidPlan('label', '1 to 40 characters');
      const kind = c.kind ?? desk.kind;
      if (label === desk.label && kind === desk.kind) return [];
      if (kind === 'hot' && desk.assignee) throw SeatingErrors.deskAssigned(c.deskId, 'make it a hot desk');
      return [{ type: 'DeskChanged', data: { ...where, deskId: c.deskId, label, kind, changedBy: by, changedAt: at } }];
    }
    case 'AssignDesk': {
      if (desk.kind !== 'assigned') throw SeatingErrors.deskNotAssignable(c.deskId);
      if (desk.assignee === c.employeeId) return [];
      if (desk.assignee) throw SeatingErrors.deskOccupied(c.deskId);
      if (!c.employeeActive) throw SeatingErrors.unknownEmployee(c.employeeId);
      const here = deskOfEmployee(state, c.employeeId);
      if (here) throw SeatingErrors.employeeHasDesk(c.employeeId, { ...where, deskId: here });
      if (c.employeeDeskElsewhere) throw SeatingErrors.employeeHasDesk(c.employeeId, c.employeeDeskElsewhere);
      return [{ type: 'DeskAssigned', data: { ...where, deskId: c.deskId, employeeId: c.employeeId, assignedBy: by, assignedAt: at } }];
    }
    case 'UnassignDesk':
      if (!desk.assignee) return [];
      return [{ type: 'DeskUnassigned', data: { ...where, deskId: c.deskId, employeeId: desk.assignee, reason: 'admin', unassignedBy: by, unassignedAt: at } }];
  }
}

function releaseDismissed(state: FloorPlanState, c: ReleaseDismissedDesk, now: Date): FloorPlanEvent[] {
  if (state.status !== 'published' || state.desks[c.deskId]?.assignee !== c.employeeId) return [];
  const data = { officeId: c.officeId, floor: c.floor, deskId: c.deskId, employeeId: c.employeeId };
  return [{ type: 'DeskUnassigned', data: { ...data, reason: 'dismissed', unassignedBy: c.by, unassignedAt: now.toISOString() } }];
}

function publish(state: FloorPlanState, c: PublishFloorPlan, at: string): FloorPlanEvent[] {
  if (c.office.archived) throw SeatingErrors.officeArchived(c.office.officeId);
  const name = (c.name ?? '').trim();
  if (!name || name.length > 100) throw SeatingErrors.invalidPlan('name', '1 to 100 characters');
  const plan = sanitizePlanSvg(c.svg ?? '');
  for (const room of plan.shapes.rooms) {
    if (c.roomOffices[room.roomId] !== c.officeId) throw SeatingErrors.unknownRoom(room.roomId, c.officeId);
  }
  const before = state.status === 'published' ? state.desks : {};
  // What admins changed since (DeskChanged) stays unless the SVG states it.
  const desks = plan.shapes.desks.map((d) => {
    const old = before[d.deskId];
    if (!old) return d;
    return { ...d, kind: plan.statedKinds.includes(d.deskId) ? d.kind : old.kind, label: plan.statedLabels.includes(d.deskId) ? d.label : old.label };
  });
  for (const d of desks) if (d.kind === 'hot' && before[d.deskId]?.assignee) throw SeatingErrors.deskAssigned(d.deskId, 'make it a hot desk');
  const shapes = { ...plan.shapes, desks };
  if (state.status === 'published' && state.name === name && state.svg === plan.svg && JSON.stringify(state.shapes) === JSON.stringify(shapes)) return [];
  const kept = new Set(desks.map((d) => d.deskId));
  const removedDeskIds = Object.keys(before).filter((id) => !kept.has(id));
  const where = { officeId: c.officeId, floor: c.floor };
  const by = c.actor.employeeId;
  return [
    // Assignments of desks that are gone end first, so the plan never holds an assignment of a desk it does not have.
    ...removedDeskIds
      .filter((id) => before[id].assignee)
      .map((deskId): FloorPlanEvent => ({
        type: 'DeskUnassigned',
        data: { ...where, deskId, employeeId: before[deskId].assignee!, reason: 'removed_from_plan', unassignedBy: by, unassignedAt: at },
      })),
    {
      type: 'FloorPlanPublished',
      data: {
        ...where,
        name,
        version: state.status === 'published' ? state.version + 1 : 1,
        svg: plan.svg,
        shapes,
        removedDeskIds,
        publishedBy: by,
        publishedAt: at,
      },
    },
  ];
}

export const floorPlanDecider: Decider<FloorPlanCommand, FloorPlanEvent, FloorPlanState> = {
  initialState: initialFloorPlanState,
  evolve: evolveFloorPlan,
  decide: decideFloorPlan,
};

export const floorPlanWriteSide: WriteSideDefinition<FloorPlanCommand, FloorPlanEvent, FloorPlanState> = {
  name: 'seating.plan',
  decider: floorPlanDecider,
  streamOf: (command) => floorPlanStreamId(command.officeId, command.floor),
  schemaVersionOf: versionsFrom(SEATING_SCHEMA_VERSIONS),
};

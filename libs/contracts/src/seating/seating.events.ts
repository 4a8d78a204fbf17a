/**
 * Events of the seating feature. Two kinds of streams:
 *
 *   seatingplan-<officeId>-<floor>                        the floor plan of one floor of an office (admins):
 *                                                         FloorPlanPublished, DeskChanged, DeskAssigned, DeskUnassigned
 *   deskday-<officeId>-<floor>-<deskId>-<YYYY-MM-DD>      every booking of one hot desk on one local day of the office
 *
 * Why a stream per desk and local day: its decider sees every booking of
 * that desk on that day, so a desk is never given twice - an append is made
 * with the revision the decision was made on, and a concurrent booking of
 * the same desk-day fails with a revision conflict and is decided again
 * against the winner (exactly like a room-day of the rooms feature).
 *
 * Desks, their assignments and the plan's shapes live on the plan stream:
 * one floor's desks are managed by admins at a human pace, and one stream
 * makes "one assigned desk per employee on this floor" a decision, not a
 * read-model check.
 *
 * Coordinates are in the plan's SVG user units (its viewBox).
 */

export const DESK_KINDS = ['hot', 'assigned'] as const;
/** `hot`: booked per day by anyone; `assigned`: an employee's own desk, given by an admin. */
export type DeskKind = (typeof DESK_KINDS)[number];

export const PLAN_NODE_KINDS = ['corridor', 'stairs', 'lift'] as const;
/** A corridor junction, or a stairs/lift landing (joined to the landings of other floors with the same `connects`). */
export type PlanNodeKind = (typeof PLAN_NODE_KINDS)[number];

/** A desk shape of the plan. `nodeId`: the corridor node one walks to it from. */
export interface PlanDesk {
  deskId: string;
  label: string;
  kind: DeskKind;
  x: number;
  y: number;
  nodeId: string | null;
}

/** A meeting room's shape (`roomId` is the rooms feature's id). */
export interface PlanRoom {
  roomId: string;
  shapeId: string;
  x: number;
  y: number;
  nodeId: string | null;
}

export interface PlanNode {
  nodeId: string;
  kind: PlanNodeKind;
  x: number;
  y: number;
  /** Stairs and lifts: the shaft's name; landings with the same name on other floors of the office are connected. */
  connects: string | null;
}

/** A walkable corridor segment between two nodes (both ways); `length` in SVG units. */
export interface PlanEdge {
  from: string;
  to: string;
  length: number;
}

/** What a sanitized SVG plan contains (libs/domain seating/svg-plan.ts extracts it). */
export interface PlanShapes {
  width: number;
  height: number;
  desks: PlanDesk[];
  rooms: PlanRoom[];
  nodes: PlanNode[];
  edges: PlanEdge[];
}

/* ---------------------------------------------------- seatingplan-<office>-<floor> */

/**
 * An admin published (or replaced) the plan of a floor. `svg` is the
 * sanitized document (no scripts, event handlers, foreign objects or
 * external references). A desk that was on the previous version keeps its
 * kind and label changes made since (DeskChanged) only if the SVG does not
 * state them; `removedDeskIds` are desks no longer on the plan (their
 * assignments end with a DeskUnassigned in the same write).
 */
export interface FloorPlanPublished {
  type: 'FloorPlanPublished';
  data: {
    officeId: string;
    floor: number;
    name: string;
    version: number;
    svg: string;
    shapes: PlanShapes;
    removedDeskIds: string[];
    publishedBy: string;
    publishedAt: string;
  };
}

/** A desk's label and/or kind changed (the whole desk after the change). */
export interface DeskChanged {
  type: 'DeskChanged';
  data: { officeId: string; floor: number; deskId: string; label: string; kind: DeskKind; changedBy: string; changedAt: string };
}

/** An assigned desk was given to an employee. */
export interface DeskAssigned {
  type: 'DeskAssigned';
  data: { officeId: string; floor: number; deskId: string; employeeId: string; assignedBy: string; assignedAt: string };
}

/** `dismissed`: the employee left the company (the seating offboarding manager gives the desk back). */
export const DESK_UNASSIGNED_REASONS = ['admin', 'removed_from_plan', 'dismissed'] as const;

export interface DeskUnassigned {
  type: 'DeskUnassigned';
  data: {
    officeId: string;
    floor: number;
    deskId: string;
    employeeId: string;
    reason: (typeof DESK_UNASSIGNED_REASONS)[number];
    unassignedBy: string;
    unassignedAt: string;
  };
}

export type FloorPlanEvent = FloorPlanPublished | DeskChanged | DeskAssigned | DeskUnassigned;

/* ------------------------------------------- deskday-<office>-<floor>-<desk>-<date> */

/** A hot desk booked for one whole local day of its office. */
export interface DeskBooked {
  type: 'DeskBooked';
  data: { officeId: string; floor: number; deskId: string; date: string; bookingId: string; employeeId: string; bookedBy: string; bookedAt: string };
}

export interface DeskBookingCancelled {
  type: 'DeskBookingCancelled';
  data: { officeId: string; floor: number; deskId: string; date: string; bookingId: string; employeeId: string; cancelledBy: string; cancelledAt: string };
}

export type DeskDayEvent = DeskBooked | DeskBookingCancelled;

export type SeatingEvent = FloorPlanEvent | DeskDayEvent;
export type SeatingEventType = SeatingEvent['type'];

export const SEATING_EVENT_TYPES: readonly SeatingEventType[] = [
  'FloorPlanPublished',
  'DeskChanged',
  'DeskAssigned',
  'DeskUnassigned',
  'DeskBooked',
  'DeskBookingCancelled',
];
export const SEATING_SCHEMA_VERSIONS: Readonly<Record<SeatingEventType, number>> = Object.freeze(
  Object.fromEntries(SEATING_EVENT_TYPES.map((t) => [t, 1])) as Record<SeatingEventType, number>,
);

/* ------------------------------------------------------------------ streams */

export const FLOOR_PLAN_STREAM_PREFIX = 'seatingplan-';
export const DESK_DAY_STREAM_PREFIX = 'deskday-';

export const floorPlanStreamId = (officeId: string, floor: number) => `${FLOOR_PLAN_STREAM_PREFIX}${officeId}-${floor}`;
/** `date` is the office's local date `YYYY-MM-DD`. */
export const deskDayStreamId = (officeId: string, floor: number, deskId: string, date: string) =>
  `${DESK_DAY_STREAM_PREFIX}${officeId}-${floor}-${deskId}-${date}`;

/** Desk ids, shape ids and node ids: letters, digits, `_` and `-`, unique within their plan. */
export const SEATING_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
export const FLOOR_MIN = -20;
export const FLOOR_MAX = 300;
/** Largest SVG accepted for a plan (characters). */
export const MAX_PLAN_SVG_LENGTH = 1_000_000;
/** Hot desks can be booked for today and this many days ahead (office time). */
export const DESK_BOOKING_DAYS_AHEAD = 14;

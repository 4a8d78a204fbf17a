import type { CommandResultDto } from '../shared/command-result';
import type { DirectoryPersonView } from '../directory/directory.read';
import type { DeskKind, PlanEdge, PlanNode, PlanRoom } from './seating.events';

/** Responses of the seating API. */

/** The Web App's page (served by the API; opened by the bot's `web_app` buttons). */
export const SEATING_WEB_APP_PATH = '/seating/app/';

/**
 * Every route of the seating API (relative to the API's base URL). Admin:
 * publishPlan, changeDesk, assignDesk, unassignDesk. Employees (bot,
 * session - a Web App's too -, token): the rest.
 */
export const SEATING_ROUTES = {
  /** GET: offices and their floors with a plan. */
  offices: '/seating/offices',
  /** GET (?date): the plan with desks, occupancy, rooms and the corridor graph. */
  floor: (officeId: string, floor: number) => `/seating/offices/${encodeURIComponent(officeId)}/floors/${floor}`,
  /** PUT (admin): publish or replace the plan (PublishFloorPlanDto). */
  publishPlan: (officeId: string, floor: number) => `/seating/offices/${encodeURIComponent(officeId)}/floors/${floor}/plan`,
  /** GET: the meeting rooms of the floor, free or busy now. */
  floorRooms: (officeId: string, floor: number) => `/seating/offices/${encodeURIComponent(officeId)}/floors/${floor}/rooms`,
  /** PATCH (admin): label/kind (ChangeDeskDto). */
  changeDesk: (officeId: string, floor: number, deskId: string) => `/seating/offices/${encodeURIComponent(officeId)}/floors/${floor}/desks/${deskId}`,
  /** PUT (admin, AssignDeskDto) / DELETE (admin). */
  assignee: (officeId: string, floor: number, deskId: string) => `/seating/offices/${encodeURIComponent(officeId)}/floors/${floor}/desks/${deskId}/assignee`,
  /** POST: book the desk for a day (BookDeskDto). */
  bookDesk: (officeId: string, floor: number, deskId: string) => `/seating/offices/${encodeURIComponent(officeId)}/floors/${floor}/desks/${deskId}/bookings`,
  /** DELETE: cancel the desk's booking of that day (the booker's own, or any for admins). */
  deskBooking: (officeId: string, floor: number, deskId: string, date: string) =>
    `/seating/offices/${encodeURIComponent(officeId)}/floors/${floor}/desks/${deskId}/bookings/${date}`,
  /** GET (?q, date, limit): colleagues and where they sit. */
  people: '/seating/people',
  /** GET (?date, limit): my seat that day and who sits nearest. */
  nearby: '/seating/nearby',
  /** GET: my desk bookings from today on. */
  myBookings: '/seating/bookings/mine',
} as const;

export interface SeatingFloorRefView {
  floor: number;
  name: string;
  version: number;
}

export interface SeatingOfficeView {
  officeId: string;
  name: string;
  timeZone: string;
  /** Floors with a published plan, lowest first. */
  floors: SeatingFloorRefView[];
}

export interface SeatingOfficesView {
  offices: SeatingOfficeView[];
}

/** Who uses a desk on the day asked for. */
export interface DeskOccupantView extends DirectoryPersonView {
  /** `assigned`: their own desk; `booked`: a hot-desk booking of that day. */
  via: 'assigned' | 'booked';
  /** The booking (for `booked`). */
  bookingId: string | null;
}

export interface DeskView {
  deskId: string;
  label: string;
  kind: DeskKind;
  x: number;
  y: number;
  nodeId: string | null;
  /** An assigned desk's employee, or that day's booker of a hot desk; null = free (hot) or vacant (assigned). */
  occupant: DeskOccupantView | null;
  /** A hot desk nobody booked that day. */
  bookable: boolean;
}

export interface FloorPlanView {
  officeId: string;
  officeName: string;
  timeZone: string;
  floor: number;
  name: string;
  version: number;
  /** The office's local date the occupancy is for. */
  date: string;
  /** The sanitized SVG (safe to inline: no scripts, handlers, foreign objects or external references). */
  svg: string;
  width: number;
  height: number;
  desks: DeskView[];
  /** Meeting-room shapes with the rooms feature's name (null when the room id is unknown). */
  rooms: (PlanRoom & { name: string | null })[];
  nodes: PlanNode[];
  edges: PlanEdge[];
  /** Other floors of the office with a plan (for routes across floors by stairs/lifts). */
  otherFloors: number[];
}

export interface FloorRoomView {
  roomId: string;
  name: string;
  capacity: number;
  shapeId: string;
  nodeId: string | null;
  /** No booking in progress now. */
  freeNow: boolean;
  /** Free now: when the next booking of the day starts (null = free for the rest of the day). Busy: when the current one ends. */
  until: string | null;
  /**
   * A quick booking from now (30 minutes, shortened to the next meeting or the closing time) as the rooms feature
   * would make it now; null with `notBookableNow` saying why (closed, a holiday, too little time left today, busy).
   */
  bookNow: { minutes: number; start: string; end: string; shortened: boolean } | null;
  notBookableNow: string | null;
}

export interface FloorRoomsView {
  officeId: string;
  floor: number;
  at: string;
  rooms: FloorRoomView[];
}

/** Where someone sits: their assigned desk, or a hot desk booked for the day. */
export interface SeatView {
  officeId: string;
  floor: number;
  deskId: string;
  label: string;
  via: 'assigned' | 'booked';
  /** The local date (for `booked`). */
  date: string | null;
}

export interface ColleagueSeatsView extends DirectoryPersonView {
  seats: SeatView[];
}

export interface FindColleagueView {
  items: ColleagueSeatsView[];
}

export interface NeighbourView extends DirectoryPersonView {
  deskId: string;
  label: string;
  via: 'assigned' | 'booked';
  /** In plan units from my desk. */
  distance: number;
}

export interface NearbyView {
  date: string;
  /** My seat that day (a booking first, else my assigned desk); null = no seat, no neighbours. */
  seat: SeatView | null;
  people: NeighbourView[];
}

export interface DeskBookingView {
  bookingId: string;
  officeId: string;
  floor: number;
  deskId: string;
  label: string;
  date: string;
  employeeId: string;
  status: 'booked' | 'cancelled';
}

export interface MyDeskBookingsView {
  items: DeskBookingView[];
}

/** What a plan upload answers: where it wrote and what the sanitized plan holds. */
export interface PublishFloorPlanResultDto extends CommandResultDto {
  version: number;
  desks: number;
  rooms: number;
  nodes: number;
  edges: number;
  removedDeskIds: string[];
}

export interface DeskBookingResultDto extends CommandResultDto {
  bookingId: string;
  officeId: string;
  floor: number;
  deskId: string;
  date: string;
  status: 'booked' | 'cancelled';
}

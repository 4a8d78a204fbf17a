import type { RoomEvent, RoomSettings, Actor } from '@megabot/contracts';
import { ROOM_ID_PATTERN, isAdmin } from '@megabot/contracts';
import { ROOMS_SCHEMA_VERSIONS, roomStreamId } from '@megabot/contracts';
import type { Decider } from '../shared/decider';
import { versionsFrom, type WriteSideDefinition } from '../shared/write-side';
import { RoomsErrors } from './rooms.errors';
import { applySettingsChanges, resolveRoomSettings, type RoomContext, type RoomSettingsChanges, type RoomSettingsInput } from './rooms.settings';
import type { ZoneOffsetsLookup } from './zone';

/** What the room stream needs to know about its office (the handler folds the office stream). */
export interface OfficeRef {
  officeId: string;
  timeZone: string;
  archived: boolean;
}

/** Stream `room-<roomId>`. Admins only. Defaults: see rooms.settings.ts. */
export interface CreateRoom {
  type: 'CreateRoom';
  roomId: string;
  office: OfficeRef;
  settings: RoomSettingsInput;
  actor: Actor;
}
/** Top-level settings replaced, `policy` merged field by field; no event when nothing changes. */
export interface UpdateRoom {
  type: 'UpdateRoom';
  roomId: string;
  changes: RoomSettingsChanges;
  actor: Actor;
}
/** No more bookings; existing ones stay until the admin cancels them. */
export interface RetireRoom {
  type: 'RetireRoom';
  roomId: string;
  reason?: string;
  actor: Actor;
}
export type RoomCommand = CreateRoom | UpdateRoom | RetireRoom;

export type RoomState = { status: 'none' } | { status: 'active' | 'retired'; settings: RoomSettings };

export const initialRoomState: RoomState = Object.freeze({ status: 'none' }) as RoomState;

export function evolveRoom(state: RoomState, event: RoomEvent): RoomState {
  switch (event.type) {
    case 'RoomCreated':
      return { status: 'active', settings: event.data.settings };
    case 'RoomUpdated':
      return state.status === 'none' ? state : { ...state, settings: event.data.settings };
    case 'RoomRetired':
      return state.status === 'none' ? state : { ...state, status: 'retired' };
    default:
      return state;
  }
}

export function decideRoom(state: RoomState, c: RoomCommand, now: Date): RoomEvent[] {
  if (!isAdmin(c.actor)) throw RoomsErrors.adminRequired('manage rooms');
  const at = now.toISOString();
  if (c.type === 'CreateRoom') {
    if (!ROOM_ID_PATTERN.test(c.roomId ?? '')) throw RoomsErrors.invalidId('roomId', c.roomId);
    if (state.status !== 'none') throw RoomsErrors.roomExists(c.roomId);
    if (c.office.archived) throw RoomsErrors.officeArchived(c.office.officeId);
    const settings = resolveRoomSettings(c.roomId, c.office.officeId, c.office.timeZone, c.settings);
    return [{ type: 'RoomCreated', data: { settings, createdBy: c.actor.employeeId, createdAt: at } }];
  }
  if (state.status === 'none') throw RoomsErrors.roomNotFound(c.roomId);
  if (c.type === 'UpdateRoom') {
    if (state.status === 'retired') throw RoomsErrors.roomRetired(c.roomId);
    const settings = applySettingsChanges(state.settings, c.changes);
    const before = state.settings as unknown as Record<string, unknown>;
    const after = settings as unknown as Record<string, unknown>;
    const changed = Object.keys(after).filter((k) => JSON.stringify(after[k]) !== JSON.stringify(before[k]));
    if (changed.length === 0) return [];
    return [{ type: 'RoomUpdated', data: { roomId: c.roomId, settings, changed, updatedBy: c.actor.employeeId, updatedAt: at } }];
  }
  if (state.status === 'retired') return [];
  return [{ type: 'RoomRetired', data: { roomId: c.roomId, retiredBy: c.actor.employeeId, reason: (c.reason ?? '').trim(), retiredAt: at } }];
}

const DAY_MS = 86_400_000;

/**
 * The context booking commands carry, from the folded room stream: its
 * settings, whether it is retired, and its zone's offsets over [fromMs,
 * toMs] with two days on either side (the local dates around those instants
 * and their midnights stay inside). Every writer builds it here: the API's
 * use cases and the projector's managers.
 */
export function roomContextOf(roomId: string, state: RoomState, zoneOffsets: ZoneOffsetsLookup, fromMs: number, toMs = fromMs): RoomContext {
  if (state.status === 'none') throw RoomsErrors.roomNotFound(roomId);
  return { settings: state.settings, retired: state.status === 'retired', zone: zoneOffsets(state.settings.timeZone, fromMs - 2 * DAY_MS, toMs + 2 * DAY_MS) };
}

export const roomDecider: Decider<RoomCommand, RoomEvent, RoomState> = {
  initialState: initialRoomState,
  evolve: evolveRoom,
  decide: decideRoom,
};

export const roomWriteSide: WriteSideDefinition<RoomCommand, RoomEvent, RoomState> = {
  name: 'rooms.room',
  decider: roomDecider,
  streamOf: (command) => roomStreamId(command.roomId),
  schemaVersionOf: versionsFrom(ROOMS_SCHEMA_VERSIONS),
};

import type { OfficeEvent, Actor } from '@megabot/contracts';
import { ROOMS_ID_PATTERN, isAdmin } from '@megabot/contracts';
import { ROOMS_SCHEMA_VERSIONS, officeStreamId } from '@megabot/contracts';
import type { Decider } from '../shared/decider';
import { versionsFrom, type WriteSideDefinition } from '../shared/write-side';
import { RoomsErrors } from './rooms.errors';
import { checkTimeZone } from './rooms.settings';

/** Stream `office-<officeId>`. Admins only. */
export interface CreateOffice {
  type: 'CreateOffice';
  officeId: string;
  name: string;
  address?: string;
  /** IANA zone; new rooms default to it. */
  timeZone: string;
  actor: Actor;
}
/** Fields left out stay; an unchanged office produces no event. Rooms keep their own time zone. */
export interface UpdateOffice {
  type: 'UpdateOffice';
  officeId: string;
  name?: string;
  address?: string;
  timeZone?: string;
  actor: Actor;
}
export interface ArchiveOffice {
  type: 'ArchiveOffice';
  officeId: string;
  reason?: string;
  actor: Actor;
}
export type OfficeCommand = CreateOffice | UpdateOffice | ArchiveOffice;

export type OfficeState = { status: 'none' } | { status: 'active' | 'archived'; officeId: string; name: string; address: string; timeZone: string };

export const initialOfficeState: OfficeState = Object.freeze({ status: 'none' }) as OfficeState;

export function evolveOffice(state: OfficeState, event: OfficeEvent): OfficeState {
  switch (event.type) {
    case 'OfficeCreated':
    case 'OfficeUpdated': {
      const d = event.data;
      return { status: state.status === 'archived' ? 'archived' : 'active', officeId: d.officeId, name: d.name, address: d.address, timeZone: d.timeZone };
    }
    case 'OfficeArchived':
      return state.status === 'none' ? state : { ...state, status: 'archived' };
    default:
      return state;
  }
}

function checkName(name: string | undefined): string {
  const n = (name ?? '').trim();
  if (n.length === 0 || n.length > 100) throw RoomsErrors.invalidSettings('name', '1 to 100 characters are required');
  return n;
}

export function decideOffice(state: OfficeState, c: OfficeCommand, now: Date): OfficeEvent[] {
  if (!isAdmin(c.actor)) throw RoomsErrors.adminRequired('manage offices');
  const at = now.toISOString();
  if (c.type === 'CreateOffice') {
    if (!ROOMS_ID_PATTERN.test(c.officeId ?? '')) throw RoomsErrors.invalidId('officeId', c.officeId);
    if (state.status !== 'none') throw RoomsErrors.officeExists(c.officeId);
    checkTimeZone('timeZone', c.timeZone);
    return [
      {
        type: 'OfficeCreated',
        data: {
          officeId: c.officeId,
          name: checkName(c.name),
          address: (c.address ?? '').trim(),
          timeZone: c.timeZone,
          createdBy: c.actor.employeeId,
          createdAt: at,
        },
      },
    ];
  }
  if (state.status === 'none') throw RoomsErrors.officeNotFound(c.officeId);
  if (c.type === 'UpdateOffice') {
    if (state.status === 'archived') throw RoomsErrors.officeArchived(c.officeId);
    const next = {
      name: c.name === undefined ? state.name : checkName(c.name),
      address: c.address === undefined ? state.address : c.address.trim(),
      timeZone: c.timeZone ?? state.timeZone,
    };
    checkTimeZone('timeZone', next.timeZone);
    const changed = (['name', 'address', 'timeZone'] as const).filter((k) => next[k] !== state[k]);
    if (changed.length === 0) return [];
    return [{ type: 'OfficeUpdated', data: { officeId: state.officeId, ...next, changed: [...changed], updatedBy: c.actor.employeeId, updatedAt: at } }];
  }
  if (state.status === 'archived') return [];
  return [{ type: 'OfficeArchived', data: { officeId: state.officeId, archivedBy: c.actor.employeeId, reason: (c.reason ?? '').trim(), archivedAt: at } }];
}

export const officeDecider: Decider<OfficeCommand, OfficeEvent, OfficeState> = {
  initialState: initialOfficeState,
  evolve: evolveOffice,
  decide: decideOffice,
};

export const officeWriteSide: WriteSideDefinition<OfficeCommand, OfficeEvent, OfficeState> = {
  name: 'rooms.office',
  decider: officeDecider,
  streamOf: (command) => officeStreamId(command.officeId),
  schemaVersionOf: versionsFrom(ROOMS_SCHEMA_VERSIONS),
};

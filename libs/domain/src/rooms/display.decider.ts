import type { DisplayEvent, DisplayLang, Actor } from '@megabot/contracts';
import { DISPLAY_ID_PATTERN, DISPLAY_LANGS, TOKEN_HASH_PATTERN, isAdmin } from '@megabot/contracts';
import { DISPLAY_SCHEMA_VERSIONS, displayStreamId } from '@megabot/contracts';
import type { Decider } from '../shared/decider';
import { versionsFrom, type WriteSideDefinition } from '../shared/write-side';
import { DomainError } from '../shared/domain-error';

/**
 * A room's door display (stream `display-<displayId>`): registered for a
 * room by an admin, its token rotated, retired. Tokens are made and hashed
 * at the edge (no randomness or crypto here); the decider sees the hash only.
 */

export const DisplayErrors = {
  adminRequired: (action: string) => new DomainError('rooms.admin_required', 'unprocessable', `Only an admin may ${action}`, { action }),
  invalidId: (value: string) =>
    new DomainError('displays.invalid_id', 'unprocessable', `displayId "${value}" must be 1-32 letters, digits, "_" or "-"`, { field: 'displayId', value }),
  invalidToken: () => new DomainError('displays.invalid_token_hash', 'unprocessable', 'The token hash must be a SHA-256 in lower-case hex'),
  invalidLang: (lang: string) => new DomainError('displays.invalid_lang', 'unprocessable', `lang must be one of ${DISPLAY_LANGS.join(', ')}`, { lang }),
  labelTooLong: (max: number) => new DomainError('displays.invalid_label', 'unprocessable', `The label may have at most ${max} characters`, { max }),
  exists: (displayId: string) => new DomainError('displays.display_exists', 'conflict', `Display ${displayId} is already registered`, { displayId }),
  notFound: (displayId: string) => new DomainError('displays.display_not_found', 'not_found', `Display ${displayId} does not exist`, { displayId }),
  retired: (displayId: string) => new DomainError('displays.display_retired', 'conflict', `Display ${displayId} is retired`, { displayId }),
  roomNotFound: (roomId: string) => new DomainError('rooms.room_not_found', 'not_found', `Room ${roomId} does not exist`, { roomId }),
  roomRetired: (roomId: string) => new DomainError('rooms.room_retired', 'conflict', `Room ${roomId} is retired`, { roomId }),
  sameToken: () => new DomainError('displays.same_token', 'unprocessable', 'The new token equals the current one'),
};

export const MAX_DISPLAY_LABEL_LENGTH = 100;

/** What the display stream needs to know about the room (the handler folds the room stream). */
export interface DisplayRoomRef {
  roomId: string;
  exists: boolean;
  retired: boolean;
}

export interface RegisterDisplay {
  type: 'RegisterDisplay';
  displayId: string;
  room: DisplayRoomRef;
  label?: string;
  lang?: DisplayLang;
  tokenHash: string;
  tokenHint: string;
  actor: Actor;
}
export interface RotateDisplayToken {
  type: 'RotateDisplayToken';
  displayId: string;
  tokenHash: string;
  tokenHint: string;
  actor: Actor;
}
export interface RetireDisplay {
  type: 'RetireDisplay';
  displayId: string;
  reason?: string;
  actor: Actor;
}
export type DisplayCommand = RegisterDisplay | RotateDisplayToken | RetireDisplay;

export type DisplayState =
  { status: 'none' } | { status: 'active' | 'retired'; displayId: string; roomId: string; lang: DisplayLang; tokenHash: string; tokenHint: string };

export const initialDisplayState: DisplayState = Object.freeze({ status: 'none' }) as DisplayState;

export function evolveDisplay(state: DisplayState, event: DisplayEvent): DisplayState {
  switch (event.type) {
    case 'DisplayRegistered': {
      const d = event.data;
      return { status: 'active', displayId: d.displayId, roomId: d.roomId, lang: d.lang, tokenHash: d.tokenHash, tokenHint: d.tokenHint };
    }
    case 'DisplayTokenRotated':
      return state.status === 'none' ? state : { ...state, tokenHash: event.data.tokenHash, tokenHint: event.data.tokenHint };
    case 'DisplayRetired':
      return state.status === 'none' ? state : { ...state, status: 'retired' };
    default:
      return state;
  }
}

function checkToken(hash: string) {
  if (typeof hash !== 'string' || !TOKEN_HASH_PATTERN.test(hash)) throw DisplayErrors.invalidToken();
}

export function decideDisplay(state: DisplayState, c: DisplayCommand, now: Date): DisplayEvent[] {
  if (!isAdmin(c.actor)) throw DisplayErrors.adminRequired('manage room displays');
  const at = now.toISOString();
  const by = c.actor.employeeId;
  if (c.type === 'RegisterDisplay') {
    if (!DISPLAY_ID_PATTERN.test(c.displayId ?? '')) throw DisplayErrors.invalidId(c.displayId);
    // A retired id stays taken: its history (and old telemetry) must not merge with a new device.
    if (state.status !== 'none') throw DisplayErrors.exists(c.displayId);
    if (!c.room.exists) throw DisplayErrors.roomNotFound(c.room.roomId);
    if (c.room.retired) throw DisplayErrors.roomRetired(c.room.roomId);
    checkToken(c.tokenHash);
    const lang = c.lang ?? 'ru';
    if (!DISPLAY_LANGS.includes(lang)) throw DisplayErrors.invalidLang(lang);
    const label = (c.label ?? '').trim();
    if (label.length > MAX_DISPLAY_LABEL_LENGTH) throw DisplayErrors.labelTooLong(MAX_DISPLAY_LABEL_LENGTH);
    return [
      {
        type: 'DisplayRegistered',
        data: {
          displayId: c.displayId,
          roomId: c.room.roomId,
          label,
          lang,
          tokenHash: c.tokenHash,
          tokenHint: c.tokenHint,
          registeredBy: by,
          registeredAt: at,
        },
      },
    ];
  }
  if (state.status === 'none') throw DisplayErrors.notFound(c.displayId);
  if (c.type === 'RotateDisplayToken') {
    if (state.status === 'retired') throw DisplayErrors.retired(c.displayId);
    checkToken(c.tokenHash);
    if (c.tokenHash === state.tokenHash) throw DisplayErrors.sameToken();
    return [{ type: 'DisplayTokenRotated', data: { displayId: c.displayId, tokenHash: c.tokenHash, tokenHint: c.tokenHint, rotatedBy: by, rotatedAt: at } }];
  }
  if (state.status === 'retired') return [];
  return [{ type: 'DisplayRetired', data: { displayId: c.displayId, reason: (c.reason ?? '').trim(), retiredBy: by, retiredAt: at } }];
}

export const displayDecider: Decider<DisplayCommand, DisplayEvent, DisplayState> = {
  initialState: initialDisplayState,
  evolve: evolveDisplay,
  decide: decideDisplay,
};

export const displayWriteSide: WriteSideDefinition<DisplayCommand, DisplayEvent, DisplayState> = {
  name: 'rooms.display',
  decider: displayDecider,
  streamOf: (command) => displayStreamId(command.displayId),
  schemaVersionOf: versionsFrom(DISPLAY_SCHEMA_VERSIONS),
};

/**
 * Door displays of meeting rooms (firmware/PROTOCOL.md). One stream per display:
 *
 *   display-<displayId>   DisplayRegistered, DisplayTokenRotated, DisplayRetired (admins)
 *
 * A display authenticates with a bearer token shown once to the admin who
 * registered it (or rotated it). Events and read models keep only the
 * token's SHA-256 (hex): whoever reads the log cannot impersonate a door.
 */

/** The language of the door sign (PROTOCOL.md `lang=`). */
export const DISPLAY_LANGS = ['ru', 'en'] as const;
export type DisplayLang = (typeof DISPLAY_LANGS)[number];

export interface DisplayRegistered {
  type: 'DisplayRegistered';
  data: {
    displayId: string;
    roomId: string;
    /** Free text for admins ("door of Neva, left"). */
    label: string;
    lang: DisplayLang;
    /** SHA-256 of the bearer token, lower-case hex. */
    tokenHash: string;
    /** The token's last 4 characters, so an admin can tell which token a device holds. */
    tokenHint: string;
    registeredBy: string;
    registeredAt: string;
  };
}

/** A new token replaces the old one at once: the old one gets 401 from then on. */
export interface DisplayTokenRotated {
  type: 'DisplayTokenRotated';
  data: { displayId: string; tokenHash: string; tokenHint: string; rotatedBy: string; rotatedAt: string };
}

/** The display is taken off the door: its token stops working; the id cannot be registered again. */
export interface DisplayRetired {
  type: 'DisplayRetired';
  data: { displayId: string; reason: string; retiredBy: string; retiredAt: string };
}

export type DisplayEvent = DisplayRegistered | DisplayTokenRotated | DisplayRetired;
export type DisplayEventType = DisplayEvent['type'];

export const DISPLAY_EVENT_TYPES: readonly DisplayEventType[] = ['DisplayRegistered', 'DisplayTokenRotated', 'DisplayRetired'];
/** Schema version to write into each event's metadata. */
export const DISPLAY_SCHEMA_VERSIONS: Readonly<Record<DisplayEventType, number>> = Object.freeze({
  DisplayRegistered: 1,
  DisplayTokenRotated: 1,
  DisplayRetired: 1,
});

export const DISPLAY_STREAM_PREFIX = 'display-';
export const displayStreamId = (displayId: string) => `${DISPLAY_STREAM_PREFIX}${displayId}`;

/** Display ids: like room ids (letters, digits, `_`, `-`; at most 32 characters). */
export const DISPLAY_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/;
/** SHA-256 in lower-case hex. */
export const TOKEN_HASH_PATTERN = /^[0-9a-f]{64}$/;

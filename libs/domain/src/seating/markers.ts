import type { Place } from './wayfinding';

/**
 * The text of a printed wayfinding marker (a QR code at a room's door or a
 * corridor junction): `megabot:seat:<office>/<floor>/<node>`. The Web App
 * reads it from the camera and starts the route there; the prefix keeps any
 * other QR code in the office (Wi-Fi, door displays) from being taken for one.
 */
export const MARKER_PREFIX = 'megabot:seat:';

export interface MarkerPlace extends Place {
  officeId: string;
}

const ID = '[A-Za-z0-9][A-Za-z0-9_-]{0,63}';
const MARKER = new RegExp(`^${MARKER_PREFIX}(${ID})/(-?\\d{1,3})/(${ID})$`);

export const markerPayload = ({ officeId, floor, nodeId }: MarkerPlace): string => `${MARKER_PREFIX}${officeId}/${floor}/${nodeId}`;

/** The place a scanned text names, or null when it is not one of our markers. */
export function parseMarker(text: string): MarkerPlace | null {
  const match = MARKER.exec(text.trim());
  return match ? { officeId: match[1], floor: Number(match[2]), nodeId: match[3] } : null;
}

/** Wire limits of the room display protocol v1 (firmware/PROTOCOL.md §2.2-2.4, firmware/core/schedule.h). */
export const PROTOCOL_VERSION = 1;
/** The server MUST NOT send more. */
export const MAX_PAYLOAD_BYTES = 1024;
/** The device reads at most this much (and drops a line cut by it). */
export const DEVICE_BODY_BUFFER_BYTES = 2048;
export const ROOM_MAX_BYTES = 64;
export const TITLE_MAX_BYTES = 64;
export const QR_MAX_BYTES = 96;
export const ETAG_MAX_BYTES = 32;
export const FLAGS_MAX = 8;
export const MAX_MEETINGS = 8;
export const REFRESH_DEFAULT_SEC = 300;
/** "24:00", allowed as an end time. */
export const END_OF_DAY = 24 * 60;
/** The device clamps refresh= to this range. */
export const DEVICE_MIN_SLEEP_SEC = 60;
export const DEVICE_MAX_SLEEP_SEC = 72 * 3600;

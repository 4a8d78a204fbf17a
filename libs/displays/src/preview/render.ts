import { parsePayload, type Lang, type ParseResult } from '../protocol/payload-parser';
import { Frame } from './frame';
import { DEFAULT_DEVICE, layoutNoNetwork, layoutSchedule, layoutUnregistered, type DeviceInfo } from './layout';
import { framePng } from './png';

/** Reference panel: Good Display GDEY042Z98, 400 × 300. */
export const PANEL_WIDTH = 400;
export const PANEL_HEIGHT = 300;

export interface PreviewOptions {
  width?: number;
  height?: number;
  /** Device default language (used without lang= and on error screens); the firmware's default is Russian. */
  lang?: Lang;
  batteryLow?: boolean;
  /** Shown on error screens, e.g. `fw 1.0.0`. */
  fwVersion?: string;
  /** Last known room name (the "no network" header). */
  room?: string;
}

export interface Preview {
  frame: Frame;
  /** What the device makes of the payload; a rejected payload shows the "no network" screen (code `payload`). */
  parse: ParseResult | null;
  /** The device's redraw hash (FNV-1a over the planes). */
  hash: number;
  png(scale?: number): Uint8Array;
}

function device(o: PreviewOptions): DeviceInfo {
  return { ...DEFAULT_DEVICE, lang: o.lang ?? 'ru', batteryLow: o.batteryLow ?? false, fwVersion: o.fwVersion ?? '', room: o.room ?? '' };
}

function preview(frame: Frame, parse: ParseResult | null): Preview {
  return { frame, parse, hash: frame.hash(), png: (scale = 1) => framePng(frame, scale) };
}

/** Exactly what the panel shows for a payload (the firmware's run of parse + layout_schedule). */
export function renderPayload(payload: string | Uint8Array, options: PreviewOptions = {}): Preview {
  const frame = new Frame(options.width ?? PANEL_WIDTH, options.height ?? PANEL_HEIGHT);
  const parse = parsePayload(payload);
  if (parse.ok) layoutSchedule(frame, parse.schedule, device(options));
  else layoutNoNetwork(frame, device(options), 'payload');
  return preview(frame, parse);
}

/** The "no network" screen with a reason code (`wifi`, `http-503`, ...). */
export function renderNoNetwork(reason: string, options: PreviewOptions = {}): Preview {
  const frame = new Frame(options.width ?? PANEL_WIDTH, options.height ?? PANEL_HEIGHT);
  layoutNoNetwork(frame, device(options), reason);
  return preview(frame, null);
}

/** The "not registered" screen with the device id an admin registers. */
export function renderUnregistered(deviceId: string, options: PreviewOptions = {}): Preview {
  const frame = new Frame(options.width ?? PANEL_WIDTH, options.height ?? PANEL_HEIGHT);
  layoutUnregistered(frame, { ...device(options), deviceId });
  return preview(frame, null);
}

/**
 * The door-sign screens (firmware/core/layout.cpp, rules in
 * firmware/LAYOUT.md) drawn into a Frame - the same geometry, fonts and
 * fitting, so the preview is the panel's picture pixel for pixel.
 */
import { encoder } from '../protocol/utf8';
import { minuteOfDay, type Lang, type LocalTime, type Schedule } from '../protocol/payload-parser';
import { effectiveStatus, formatHhmm } from '../protocol/status';
import { FONT16, FONT24, FONT32, type Font } from './font';
import { BLACK, drawText, RED, WHITE, type Color, type Frame } from './frame';
import { stringsFor, type SignStrings } from './i18n';
import { qrEncode } from './qr';
import { fitText, textWidth, wrapText } from './text';

export interface DeviceInfo {
  /** Language without lang= and of the error screens (device default: Russian). */
  lang: Lang;
  /** Last known room name (error screens). */
  room: string;
  deviceId: string;
  fwVersion: string;
  batteryLow: boolean;
}

export const DEFAULT_DEVICE: DeviceInfo = Object.freeze({ lang: 'ru', room: '', deviceId: '', fwVersion: '', batteryLow: false }) as DeviceInfo;

export interface Metrics {
  margin: number;
  titleFont: Font;
  titleSmall: Font;
  headerH: number;
  ruleH: number;
  wordFont: Font;
  wordScale: number;
  detailFont: Font;
  detailBeside: boolean;
  bandH: number;
  rowFont: Font;
  rowPitch: number;
  attentionFont: Font;
  footerH: number;
}

/** "Large" metrics for panels of height >= 240, "compact" below. */
export function metricsFor(_width: number, height: number): Metrics {
  if (height >= 240) {
    return {
      margin: 12,
      titleFont: FONT32,
      titleSmall: FONT24,
      headerH: 48,
      ruleH: 3,
      wordFont: FONT32,
      wordScale: 2,
      detailFont: FONT32,
      detailBeside: false,
      bandH: 108,
      rowFont: FONT16,
      rowPitch: 24,
      attentionFont: FONT24,
      footerH: 22,
    };
  }
  return {
    margin: 6,
    titleFont: FONT16,
    titleSmall: FONT16,
    headerH: 22,
    ruleH: 2,
    wordFont: FONT32,
    wordScale: 1,
    detailFont: FONT16,
    detailBeside: true,
    bandH: 40,
    rowFont: FONT16,
    rowPitch: 18,
    attentionFont: FONT16,
    footerH: 18,
  };
}

interface Regions {
  m: Metrics;
  w: number;
  h: number;
  bandY: number;
  listY: number;
  listH: number;
  footerY: number;
}

function regionsFor(f: Frame): Regions {
  const m = metricsFor(f.width, f.height);
  const bandY = m.headerH;
  const listY = bandY + m.bandH + 2;
  const footerY = f.height - m.footerH;
  return { m, w: f.width, h: f.height, bandY, listY, footerY, listH: footerY - listY };
}

const div = (a: number, b: number) => Math.trunc(a / b);

function textFitted(f: Frame, x: number, y: number, maxW: number, s: string, font: Font, scale: number, c: Color): void {
  drawText(f, x, y, fitText(s, font, scale, maxW), font, scale, c);
}

function textRight(f: Frame, right: number, y: number, maxW: number, s: string, font: Font, c: Color): void {
  const line = fitText(s, font, 1, maxW);
  drawText(f, right - textWidth(line, font, 1), y, line, font, 1, c);
}

function drawHeader(f: Frame, r: Regions, room: string): void {
  const { m } = r;
  const maxW = r.w - 2 * m.margin;
  const textH = m.headerH - m.ruleH;
  const font = textWidth(room, m.titleFont, 1) > maxW ? m.titleSmall : m.titleFont;
  textFitted(f, m.margin, div(textH - font.height, 2), maxW, room, font, 1, BLACK);
  f.fillRect(0, textH, r.w, m.ruleH, BLACK);
}

function drawBand(f: Frame, r: Regions, word: string, detail: string, red: boolean): void {
  const { m } = r;
  const ink = red ? WHITE : BLACK;
  if (red) f.fillRect(0, r.bandY, r.w, m.bandH, RED);
  const maxW = r.w - 2 * m.margin;
  const wordY = r.bandY + 4;
  textFitted(f, m.margin, wordY, maxW, word, m.wordFont, m.wordScale, ink);
  const wordH = m.wordFont.height * m.wordScale;
  if (m.detailBeside) {
    const fitted = fitText(word, m.wordFont, m.wordScale, maxW);
    const x = m.margin + textWidth(fitted, m.wordFont, m.wordScale) + m.margin;
    textFitted(f, x, wordY + wordH - m.detailFont.height, r.w - m.margin - x, detail, m.detailFont, 1, ink);
  } else {
    textFitted(f, m.margin, wordY + wordH, maxW, detail, m.detailFont, 1, ink);
  }
  f.fillRect(0, r.bandY + m.bandH, r.w, 2, BLACK);
}

function drawFooter(f: Frame, r: Regions, left: string, right: string): void {
  const { m } = r;
  f.fillRect(0, r.footerY, r.w, 1, BLACK);
  const font = m.rowFont;
  const y = r.footerY + div(m.footerH - font.height + 1, 2);
  const half = div(r.w - 2 * m.margin, 2);
  textFitted(f, m.margin, y, half, left, font, 1, BLACK);
  textRight(f, r.w - m.margin, y, half, right, font, BLACK);
}

function rowsFitting(y: number, bottom: number, pitch: number, glyphH: number): number {
  if (y + glyphH > bottom) return 0;
  return div(bottom - y - glyphH, pitch) + 1;
}

/** A wrapped paragraph of at most maxLines lines ending above `bottom`; returns the y below it. */
function drawParagraph(f: Frame, x: number, y: number, maxW: number, maxLines: number, bottom: number, s: string, font: Font, pitch: number, c: Color): number {
  const lines = Math.min(maxLines, rowsFitting(y, bottom, pitch, font.height), 4);
  const wrapped = lines > 0 ? wrapText(s, font, 1, maxW, lines) : [];
  wrapped.forEach((line, i) => drawText(f, x, y + i * pitch, line, font, 1, c));
  return y + wrapped.length * pitch;
}

/** `Пт, 14 марта` / `Fri, 14 Mar`: the date only, never the time of day. */
export const formatDate = (t: LocalTime, str: SignStrings) => `${str.weekdays[t.weekday % 7]}, ${t.day} ${str.months[(t.month + 11) % 12]}`;

function drawMeetings(f: Frame, r: Regions, s: Schedule, str: SignStrings, y: number, right: number, busyNow: boolean): void {
  const { m } = r;
  const font = m.rowFont;
  const now = minuteOfDay(s.now);
  const visible = s.meetings.filter((mt) => mt.end > now);
  const rows = rowsFitting(y, r.footerY - 1, m.rowPitch, font.height);
  if (rows <= 0) return;
  if (visible.length === 0) {
    textFitted(f, m.margin, y, right - m.margin, str.noMore, font, 1, BLACK);
    return;
  }
  const overflow = visible.length > rows;
  const shown = overflow ? rows - 1 : visible.length;
  const titleX = m.margin + 13 * font.width;
  for (let k = 0; k < shown; k++) {
    const mt = visible[k];
    const current = mt.start <= now && now < mt.end;
    const rowY = y + k * m.rowPitch;
    drawText(f, m.margin, rowY, `${formatHhmm(mt.start)}–${formatHhmm(mt.end)}`, font, 1, current && busyNow ? RED : BLACK);
    textFitted(f, titleX, rowY, right - titleX, mt.title || str.busyTitle, font, 1, BLACK);
  }
  if (overflow) textFitted(f, titleX, y + shown * m.rowPitch, right - titleX, str.more(visible.length - shown), font, 1, BLACK);
}

/** The check-in QR in a white square at the right end of the list region; returns its left edge (width if none). */
function drawQr(f: Frame, r: Regions, target: string): number {
  const box = r.listH;
  const x0 = r.w - box;
  const code = qrEncode(encoder.encode(target), 'L');
  if (!code) return r.w;
  const scale = div(box, code.size + 8);
  if (scale < 2) return r.w;
  const offset = div(box - code.size * scale, 2);
  for (let y = 0; y < code.size; y++)
    for (let x = 0; x < code.size; x++) if (code.modules[y][x]) f.fillRect(x0 + offset + x * scale, r.listY + offset + y * scale, scale, scale, BLACK);
  return x0;
}

export function layoutSchedule(f: Frame, s: Schedule, dev: DeviceInfo = DEFAULT_DEVICE): void {
  const str = stringsFor(s.lang ?? dev.lang);
  const r = regionsFor(f);
  f.clear();
  drawHeader(f, r, s.room);
  const { status } = effectiveStatus(s);
  const busy = status.kind === 'busy';
  const detail = status.until >= 0 ? str.until(formatHhmm(status.until)) : busy ? '' : str.restOfDay;
  drawBand(f, r, busy ? str.busyWord : str.freeWord, detail, busy);

  let right = r.w - r.m.margin;
  let y = r.listY + 4;
  if (s.checkinDue) {
    if (s.qr) {
      const qrLeft = drawQr(f, r, s.qr);
      if (qrLeft < r.w) right = qrLeft - 4;
    }
    const af = r.m.attentionFont;
    if (y + af.height < r.footerY) {
      textFitted(f, r.m.margin, y, right - r.m.margin, str.checkinTitle, af, 1, RED);
      y += af.height + 4;
    }
    const rf = r.m.rowFont;
    y = drawParagraph(f, r.m.margin, y, right - r.m.margin, 2, r.footerY - 1, str.checkinHint, rf, rf.height + 2, BLACK);
    y += 6;
  }
  drawMeetings(f, r, s, str, y, right, busy);
  drawFooter(f, r, formatDate(s.now, str), dev.batteryLow ? str.batteryLow : '');
}

export function layoutNoNetwork(f: Frame, dev: DeviceInfo, reason: string): void {
  const str = stringsFor(dev.lang);
  const r = regionsFor(f);
  f.clear();
  drawHeader(f, r, dev.room || str.genericRoom);
  drawBand(f, r, str.offlineWord, str.offlineDetail, false);
  const rf = r.m.rowFont;
  drawParagraph(f, r.m.margin, r.listY + 4, r.w - 2 * r.m.margin, 3, r.footerY - 1, str.offlineHint, rf, rf.height + 4, BLACK);
  drawFooter(f, r, str.code(reason || '?'), dev.fwVersion);
}

export function layoutUnregistered(f: Frame, dev: DeviceInfo): void {
  const str = stringsFor(dev.lang);
  const r = regionsFor(f);
  f.clear();
  drawHeader(f, r, str.inactiveHeader);
  drawBand(f, r, str.inactiveWord, str.inactiveDetail, false);
  const rf = r.m.rowFont;
  const maxW = r.w - 2 * r.m.margin;
  const y = drawParagraph(f, r.m.margin, r.listY + 4, maxW, 2, r.footerY - 1, str.inactiveHint, rf, rf.height + 4, BLACK);
  const big = r.m.titleFont;
  if (y + big.height <= r.footerY) textFitted(f, r.m.margin, y, maxW, dev.deviceId, big, 1, BLACK);
  drawFooter(f, r, '', dev.fwVersion);
}

import { CODEPOINTS, FONT_TABLES, type FontTable } from './font-data';

/**
 * The display's monospaced bitmap fonts (firmware/core/font.{h,cpp}):
 * every code point is one cell; anything not in the table draws as '?'.
 */
export interface Font {
  name: string;
  width: number;
  height: number;
  bytesPerRow: number;
  bytesPerGlyph: number;
  bits: Uint8Array;
}

const INDEX = new Map(CODEPOINTS.map((cp, i) => [cp, i]));

function load(name: string, t: FontTable): Font {
  const bytesPerRow = (t.width + 7) >> 3;
  return {
    name,
    width: t.width,
    height: t.height,
    bytesPerRow,
    bytesPerGlyph: bytesPerRow * t.height,
    bits: Uint8Array.from(atob(t.bits), (c) => c.charCodeAt(0)),
  };
}

/** 8 × 16: rows, hints, footer. */
export const FONT16 = load('F16', FONT_TABLES.kFont16);
/** 12 × 24: long room names, the check-in line. */
export const FONT24 = load('F24', FONT_TABLES.kFont24);
/** 16 × 32: room name, status detail; ×2 for the status word. */
export const FONT32 = load('F32', FONT_TABLES.kFont32);

export const fontHas = (cp: number) => INDEX.has(cp);

/** The glyph bitmap of a code point ('?' for anything missing). */
export function glyphOf(font: Font, cp: number): Uint8Array {
  const i = INDEX.get(cp) ?? INDEX.get(0x3f)!;
  return font.bits.subarray(i * font.bytesPerGlyph, (i + 1) * font.bytesPerGlyph);
}

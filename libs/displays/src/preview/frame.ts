import { glyphOf, type Font } from './font';

/** Pixel colours of the 3-colour panel. */
export const WHITE = 0;
export const BLACK = 1;
export const RED = 2;
export type Color = typeof WHITE | typeof BLACK | typeof RED;

/**
 * The frame buffer of the panel (firmware/core/frame.{h,cpp}): two 1-bit
 * planes (black, red), row-major, MSB = leftmost pixel, rows padded to
 * whole bytes, bit 1 = ink; red wins over black.
 */
export class Frame {
  readonly stride: number;
  readonly black: Uint8Array;
  readonly red: Uint8Array;

  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    this.stride = (width + 7) >> 3;
    this.black = new Uint8Array(this.stride * height);
    this.red = new Uint8Array(this.stride * height);
  }

  clear(): void {
    this.black.fill(0);
    this.red.fill(0);
  }

  set(x: number, y: number, c: Color): void {
    if (x < 0 || y < 0 || x >= this.width || y >= this.height) return;
    const i = y * this.stride + (x >> 3);
    const bit = 0x80 >> (x & 7);
    this.black[i] = c === BLACK ? this.black[i] | bit : this.black[i] & ~bit;
    this.red[i] = c === RED ? this.red[i] | bit : this.red[i] & ~bit;
  }

  get(x: number, y: number): Color {
    if (x < 0 || y < 0 || x >= this.width || y >= this.height) return WHITE;
    const i = y * this.stride + (x >> 3);
    const bit = 0x80 >> (x & 7);
    if (this.red[i] & bit) return RED;
    return this.black[i] & bit ? BLACK : WHITE;
  }

  fillRect(x: number, y: number, w: number, h: number, c: Color): void {
    const x0 = Math.max(x, 0);
    const y0 = Math.max(y, 0);
    const x1 = Math.min(x + w, this.width);
    const y1 = Math.min(y + h, this.height);
    for (let yy = y0; yy < y1; yy++) for (let xx = x0; xx < x1; xx++) this.set(xx, yy, c);
  }

  count(c: Color): number {
    let n = 0;
    for (let y = 0; y < this.height; y++) for (let x = 0; x < this.width; x++) if (this.get(x, y) === c) n++;
    return n;
  }

  /** FNV-1a-32 over width, height and both planes: the device redraws only when it changes. */
  hash(): number {
    let h = 2166136261;
    const mix = (b: number) => {
      h = Math.imul(h ^ (b & 0xff), 16777619) >>> 0;
    };
    for (let shift = 0; shift < 32; shift += 8) {
      mix(this.width >>> shift);
      mix(this.height >>> shift);
    }
    for (const b of this.black) mix(b);
    for (const b of this.red) mix(b);
    return h >>> 0;
  }
}

/** Draws only glyph pixels (transparent background); (x, y) is the top left of the first cell. */
export function drawText(f: Frame, x: number, y: number, text: string, font: Font, scale: number, c: Color): void {
  for (const ch of text) {
    const g = glyphOf(font, ch.codePointAt(0)!);
    for (let gy = 0; gy < font.height; gy++) {
      for (let gx = 0; gx < font.width; gx++) {
        if (g[gy * font.bytesPerRow + (gx >> 3)] & (0x80 >> (gx & 7))) f.fillRect(x + gx * scale, y + gy * scale, scale, scale, c);
      }
    }
    x += font.width * scale;
  }
}

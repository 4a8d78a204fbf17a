import type { Font } from './font';

/**
 * Text fitting of the display (firmware/core/text.cpp), on code points:
 * every code point is one cell, so widths are exact.
 */
const cps = (s: string) => Array.from(s);

export const textWidth = (s: string, font: Font, scale: number) => cps(s).length * font.width * scale;

export function cellsFitting(font: Font, scale: number, maxWidth: number): number {
  const cell = font.width * scale;
  return cell > 0 && maxWidth > 0 ? Math.floor(maxWidth / cell) : 0;
}

/** As is if it fits, else the first cells - 1 code points, trailing spaces dropped, "…" appended. */
export function fitText(s: string, font: Font, scale: number, maxWidth: number): string {
  const cells = cellsFitting(font, scale, maxWidth);
  const chars = cps(s);
  if (chars.length <= cells) return s;
  if (cells < 1) return '';
  return `${chars
    .slice(0, cells - 1)
    .join('')
    .replace(/ +$/, '')}…`;
}

/**
 * Greedy wrap into at most maxLines lines: skip leading spaces; if the rest
 * fits, or this is the last line, fit it and stop; else break after the
 * last space among the first cells + 1 code points (the space dropped), or
 * hard-break after `cells`; trailing spaces removed.
 */
export function wrapText(s: string, font: Font, scale: number, maxWidth: number, maxLines: number): string[] {
  const cells = cellsFitting(font, scale, maxWidth);
  if (cells < 1) return [];
  const chars = cps(s);
  const n = chars.length;
  const lines: string[] = [];
  let pos = 0;
  while (lines.length < maxLines && pos < n) {
    while (pos < n && chars[pos] === ' ') pos++;
    if (pos >= n) break;
    const rest = chars.slice(pos);
    if (rest.length <= cells || lines.length === maxLines - 1) {
      lines.push(fitText(rest.join(''), font, scale, maxWidth));
      break;
    }
    let breakAt = 0;
    for (let k = 1; k <= cells && k < rest.length; k++) if (rest[k] === ' ') breakAt = k;
    const take = breakAt === 0 ? cells : breakAt;
    lines.push(rest.slice(0, take).join('').replace(/ +$/, ''));
    pos += take;
  }
  return lines;
}

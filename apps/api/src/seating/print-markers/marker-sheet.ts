import { BLACK, FONT16, FONT32, Frame, drawText, fitText, qrEncode, textWidth } from '@megabot/displays';
import { markerPayload, type MarkerPlace } from '@megabot/domain';
import { bitmapPdf } from './pdf';

/** What one printed marker says: its place (the QR code) and the human label under it. */
export interface MarkerLabel extends MarkerPlace {
  title: string;
  detail: string;
}

/** The bitmap of a page: portrait, about 150 dpi on A4 once fitted to the printable area. */
const PAGE = { width: 1080, height: 1500, margin: 60 };

/** One marker page: the QR code as large as fits, with a quiet zone, the label under it. */
export function markerPage(marker: MarkerLabel): Frame {
  const payload = markerPayload(marker);
  const code = qrEncode(new TextEncoder().encode(payload), 'M') ?? qrEncode(new TextEncoder().encode(payload), 'L');
  if (!code) throw new Error(`The marker text "${payload}" is too long for a QR code`);
  const f = new Frame(PAGE.width, PAGE.height);
  const inner = PAGE.width - 2 * PAGE.margin;
  const scale = Math.floor(inner / (code.size + 8)); // a 4-module quiet zone on each side
  const offset = Math.floor((PAGE.width - code.size * scale) / 2);
  for (let y = 0; y < code.size; y++)
    for (let x = 0; x < code.size; x++) if (code.modules[y][x]) f.fillRect(offset + x * scale, PAGE.margin + 4 * scale + y * scale, scale, scale, BLACK);
  let top = PAGE.margin + (code.size + 8) * scale + 20;
  for (const [text, font, s] of [
    [marker.title, FONT32, 2],
    [marker.detail, FONT32, 1],
    [payload, FONT16, 1],
  ] as const) {
    const line = fitText(text, font, s, inner);
    drawText(f, Math.floor((PAGE.width - textWidth(line, font, s)) / 2), top, line, font, s, BLACK);
    top += font.height * s + 24;
  }
  return f;
}

/** The printable PDF of markers, one per page. */
export function markerSheetPdf(markers: readonly MarkerLabel[], title: string): Buffer {
  return bitmapPdf(
    markers.map((m) => {
      const f = markerPage(m);
      return { width: f.width, height: f.height, ink: f.black };
    }),
    title,
  );
}

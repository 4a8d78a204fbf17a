import { deflateSync } from 'node:zlib';

/** A page holding one 1-bit image (row-major, MSB = leftmost pixel, rows padded to whole bytes, bit 1 = ink). */
export interface BitmapPage {
  width: number;
  height: number;
  ink: Uint8Array;
}

/** A4 in points; the image is fitted inside a 1.5 cm margin, centred. */
const PAGE = { width: 595.28, height: 841.89, margin: 42.52 };

/**
 * The smallest PDF that prints our marker sheets: one page per bitmap, the
 * bitmap as a Flate-compressed 1-bit image scaled to the page (no fonts -
 * the labels are drawn into the bitmap with the door display's font, which
 * has Cyrillic; PDF's built-in fonts have not).
 */
export function bitmapPdf(pages: readonly BitmapPage[], title: string): Buffer {
  const objects: Buffer[] = [];
  const add = (body: string | Buffer) => void objects.push(Buffer.isBuffer(body) ? body : Buffer.from(body, 'latin1'));
  // 1: catalog, 2: page tree, 3: info; then per page: page, content, image
  add('<< /Type /Catalog /Pages 2 0 R >>');
  add(''); // the page tree, once the kids are known
  add(`<< /Title ${pdfText(title)} /Producer (megabot) >>`);
  const kids: number[] = [];
  for (const page of pages) {
    const pageId = objects.length + 1;
    kids.push(pageId);
    const scale = Math.min((PAGE.width - 2 * PAGE.margin) / page.width, (PAGE.height - 2 * PAGE.margin) / page.height);
    const [w, h] = [page.width * scale, page.height * scale];
    const [x, y] = [(PAGE.width - w) / 2, (PAGE.height - h) / 2];
    const content = `q ${num(w)} 0 0 ${num(h)} ${num(x)} ${num(y)} cm /Im0 Do Q`;
    add(
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${PAGE.width} ${PAGE.height}] /Resources << /XObject << /Im0 ${pageId + 2} 0 R >> >> /Contents ${pageId + 1} 0 R >>`,
    );
    add(stream(`<< /Length ${content.length} >>`, Buffer.from(content, 'latin1')));
    const data = deflateSync(page.ink);
    // DeviceGray 0 is black: Decode [1 0] makes our ink bits black.
    add(
      stream(
        `<< /Type /XObject /Subtype /Image /Width ${page.width} /Height ${page.height} /ColorSpace /DeviceGray /BitsPerComponent 1 /Decode [1 0] /Filter /FlateDecode /Length ${data.length} >>`,
        data,
      ),
    );
  }
  objects[1] = Buffer.from(`<< /Type /Pages /Kids [${kids.map((k) => `${k} 0 R`).join(' ')}] /Count ${kids.length} >>`, 'latin1');
  const parts: Buffer[] = [Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  let offset = parts[0].length;
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    const obj = Buffer.concat([Buffer.from(`${i + 1} 0 obj\n`, 'latin1'), body, Buffer.from('\nendobj\n', 'latin1')]);
    offsets.push(offset);
    parts.push(obj);
    offset += obj.length;
  });
  const xref = [`xref\n0 ${objects.length + 1}\n`, '0000000000 65535 f \n', ...offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`)].join('');
  parts.push(Buffer.from(`${xref}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info 3 0 R >>\nstartxref\n${offset}\n%%EOF\n`, 'latin1'));
  return Buffer.concat(parts);
}

const stream = (dict: string, data: Buffer) => Buffer.concat([Buffer.from(`${dict}\nstream\n`, 'latin1'), data, Buffer.from('\nendstream', 'latin1')]);
const num = (n: number) => n.toFixed(2);
/** A text string as UTF-16BE with a byte-order mark (any script), hex-encoded. */
const pdfText = (s: string) => `<FEFF${Buffer.from(s, 'utf16le').swap16().toString('hex').toUpperCase()}>`;

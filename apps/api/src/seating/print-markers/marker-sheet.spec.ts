import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { inflateSync } from 'node:zlib';
import { encodePng } from '@megabot/displays';
import { markerSheetPdf } from './marker-sheet';

/** The 1-bit images of a PDF, read back the way a viewer would: objects by the xref table, streams by their /Length. */
function imagesOf(pdf: Buffer): { width: number; height: number; ink: Buffer }[] {
  const text = pdf.toString('latin1');
  const xrefAt = Number(/startxref\n(\d+)/.exec(text)![1]);
  const [, first, count] = /^xref\n(\d+) (\d+)\n/.exec(text.slice(xrefAt))!.map(Number);
  expect(first).toBe(0);
  const images = [];
  for (let i = 1; i < count; i++) {
    const offset = Number(
      text
        .slice(xrefAt, xrefAt + 200 + count * 20)
        .split('\n')
        [2 + i].slice(0, 10),
    );
    expect(text.startsWith(`${i} 0 obj\n`, offset)).toBe(true);
    const body = text.slice(offset, text.indexOf('endobj', offset));
    if (!body.includes('/Subtype /Image')) continue;
    const dict = body.slice(0, body.indexOf('stream\n'));
    const length = Number(/\/Length (\d+)/.exec(dict)![1]);
    const start = offset + dict.length + 'stream\n'.length;
    expect(text.startsWith('\nendstream', start + length)).toBe(true);
    images.push({
      width: Number(/\/Width (\d+)/.exec(dict)![1]),
      height: Number(/\/Height (\d+)/.exec(dict)![1]),
      ink: inflateSync(pdf.subarray(start, start + length)),
    });
  }
  return images;
}

/** What zbarimg reads in a 1-bit image (ink black on white). */
function scan(image: { width: number; height: number; ink: Buffer }, dir: string, name: string): string {
  const stride = (image.width + 7) >> 3;
  const rgb = new Uint8Array(image.width * image.height * 3);
  for (let y = 0; y < image.height; y++)
    for (let x = 0; x < image.width; x++)
      rgb.fill(image.ink[y * stride + (x >> 3)] & (0x80 >> (x & 7)) ? 0 : 255, (y * image.width + x) * 3, (y * image.width + x + 1) * 3);
  const file = path.join(dir, `${name}.png`);
  fs.writeFileSync(file, encodePng(rgb, image.width, image.height));
  return execFileSync('zbarimg', ['--quiet', '--raw', file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
}

describe('marker sheet PDF', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'markers-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('given a room and a junction, when printed, then one page each whose QR code reads back as its place', () => {
    const pdf = markerSheetPdf(
      [
        { officeId: 'msk', floor: 3, nodeId: 'n-310', title: 'Переговорная «Байкал»', detail: 'Москва · этаж 3' },
        { officeId: 'msk', floor: -1, nodeId: 'j_lift', title: 'Junction j_lift', detail: 'Moscow · floor -1' },
      ],
      'Маркеры: Москва',
    );
    expect(pdf.subarray(0, 8).toString('latin1')).toBe('%PDF-1.4');
    expect(pdf.toString('latin1')).toMatch(/\/Type \/Pages \/Kids \[\d+ 0 R \d+ 0 R\] \/Count 2/);
    const images = imagesOf(pdf);
    expect(images).toHaveLength(2);
    expect(images.map((image, i) => scan(image, dir, `page${i}`))).toEqual(['megabot:seat:msk/3/n-310', 'megabot:seat:msk/-1/j_lift']);
  });
});

/**
 * The preview against the firmware: same glyph table, same QR matrices,
 * and - when the firmware host tool is built (`make -C firmware render`) -
 * the same pixels as `firmware/build/render` for every vector, for builder
 * payloads, on both panel sizes and on the error screens.
 */
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildDisplayPayload } from '../payload/build-payload';
import { parseVector } from '../protocol/vectors';
import { buildScenario } from '../testing/scenario';
import { FONT_SOURCE_SHA256 } from './font-data';
import { BLACK, RED, WHITE } from './frame';
import { decodePng, frameToRgb } from './png';
import { qrEncode, qrPenalty } from './qr';
import { renderNoNetwork, renderPayload, renderUnregistered, type Preview, type PreviewOptions } from './render';

const ROOT = path.resolve(__dirname, '../../../..');
const FIRMWARE = path.join(ROOT, 'firmware');
const RENDER = path.join(FIRMWARE, 'build/render');
const VECTORS = path.join(FIRMWARE, 'test/vectors');
const haveRender = fs.existsSync(RENDER);
const haveZbar = (() => {
  try {
    execFileSync('zbarimg', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
if (!haveRender) console.warn(`[displays] ${RENDER} not built (make -C firmware render): the pixel comparison with the firmware is skipped`);
if (!haveZbar) console.warn('[displays] zbarimg not installed (apt-get install zbar-tools): the QR decode check is skipped');

/** Where the previews and the firmware renders of this run are written (to look at them). */
export const OUT_DIR = path.join(os.tmpdir(), 'megabot-display-previews');
fs.mkdirSync(OUT_DIR, { recursive: true });

interface Comparison {
  differing: number;
  total: number;
  firmwareHash: string;
}

/** Renders with the firmware tool and compares every pixel with the preview. */
function compareWithFirmware(name: string, p: Preview, args: string[], input?: Uint8Array): Comparison {
  const fwPng = path.join(OUT_DIR, `${name}.firmware.png`);
  fs.writeFileSync(path.join(OUT_DIR, `${name}.preview.png`), p.png());
  const cli = [...args];
  if (input) {
    const payloadFile = path.join(OUT_DIR, `${name}.payload.txt`);
    fs.writeFileSync(payloadFile, input);
    cli.push(payloadFile);
  }
  cli.push(fwPng);
  let out: string;
  try {
    out = execFileSync(RENDER, cli, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch (e) {
    out = String((e as { stdout?: string }).stdout ?? ''); // a rejected payload exits non-zero after rendering
  }
  const fw = decodePng(fs.readFileSync(fwPng));
  const mine = frameToRgb(p.frame);
  expect([fw.width, fw.height]).toEqual([mine.width, mine.height]);
  let differing = 0;
  for (let i = 0; i < fw.width * fw.height; i++) {
    if (fw.rgb[i * 3] !== mine.rgb[i * 3] || fw.rgb[i * 3 + 1] !== mine.rgb[i * 3 + 1] || fw.rgb[i * 3 + 2] !== mine.rgb[i * 3 + 2]) differing++;
  }
  return { differing, total: fw.width * fw.height, firmwareHash: /hash ([0-9a-f]{8})/.exec(out)?.[1] ?? '' };
}

const hex = (n: number) => n.toString(16).padStart(8, '0');
const FW = 'fw 1.0.0'; // what the render tool passes as the firmware version

describe('preview font', () => {
  const source = path.join(FIRMWARE, 'core/font_data.cpp');
  (fs.existsSync(source) ? it : it.skip)('is generated from the firmware glyph table as it is now (else: node libs/displays/tools/gen-font.mjs)', () => {
    expect(createHash('sha256').update(fs.readFileSync(source, 'utf8')).digest('hex')).toBe(FONT_SOURCE_SHA256);
  });
});

describe('preview QR encoder', () => {
  const inc = path.join(FIRMWARE, 'test/qr_reference.inc');
  const refs = fs.existsSync(inc)
    ? [...fs.readFileSync(inc, 'utf8').matchAll(/\{"((?:[^"\\]|\\.)*)", (true|false), (\d), (\d), \{([^}]*)\}\}/g)].map((m) => ({
        text: JSON.parse(`"${m[1]}"`) as string,
        ecc: m[2] === 'true' ? ('M' as const) : ('L' as const),
        version: Number(m[3]),
        mask: Number(m[4]),
        rows: [...m[5].matchAll(/"([#.]+)"/g)].map((r) => r[1]),
      }))
    : [];
  it('has the firmware reference matrices (python3-qrcode)', () => expect(refs.length).toBeGreaterThanOrEqual(8));
  it.each(refs.map((r) => [`v${r.version}-${r.ecc} mask ${r.mask}: ${r.text.slice(0, 40)}`, r] as const))('matches %s bit for bit', (_n, r) => {
    const code = qrEncode(new TextEncoder().encode(r.text), r.ecc, r.mask)!;
    expect(code.version).toBe(r.version);
    expect(code.modules.map((row) => row.map((d) => (d ? '#' : '.')).join(''))).toEqual(r.rows);
    const auto = qrEncode(new TextEncoder().encode(r.text), r.ecc)!;
    for (let mask = 0; mask < 8; mask++)
      expect(qrPenalty(auto.modules)).toBeLessThanOrEqual(qrPenalty(qrEncode(new TextEncoder().encode(r.text), r.ecc, mask)!.modules));
  });
});

describe('preview vs firmware renderer (pixel by pixel)', () => {
  const run = haveRender ? it : it.skip;
  const vectorFiles = fs
    .readdirSync(VECTORS)
    .filter((f) => f.endsWith('.txt'))
    .sort();
  const results: [string, Comparison][] = [];

  afterAll(() => {
    if (results.length)
      console.log(
        `[displays] preview vs firmware: ${results.filter(([, c]) => c.differing === 0).length}/${results.length} renders identical; previews in ${OUT_DIR}`,
      );
  });

  describe.each(vectorFiles)('vector %s', (file) => {
    const v = parseVector(file, fs.readFileSync(path.join(VECTORS, file), 'utf8'));
    const variants: [string, PreviewOptions, string[]][] = [
      ['400x300', { fwVersion: FW }, []],
      ['296x128', { fwVersion: FW, width: 296, height: 128 }, ['--size', '296x128']],
    ];
    run.each(variants)('%s', (size, options, args) => {
      const name = `${file.replace('.txt', '')}-${size}`;
      const p = renderPayload(v.payload, options);
      const c = compareWithFirmware(name, p, args, v.payload);
      results.push([name, c]);
      expect(c.differing).toBe(0);
      expect(c.firmwareHash).toBe(hex(p.hash));
    });
  });

  run.each([
    ['english default language, battery low', { fwVersion: FW, lang: 'en' as const, batteryLow: true }, ['--lang', 'en', '--battery-low'], 'minimal.txt'],
    ['a large panel', { fwVersion: FW, width: 640, height: 384 }, ['--size', '640x384'], 'busy_checkin.txt'],
    ['a small panel', { fwVersion: FW, width: 250, height: 122 }, ['--size', '250x122'], 'busy_full_day.txt'],
  ])('%s', (label, options, args, file) => {
    const v = parseVector(file, fs.readFileSync(path.join(VECTORS, file), 'utf8'));
    const p = renderPayload(v.payload, options);
    const c = compareWithFirmware(label.replace(/\W+/g, '-'), p, args, v.payload);
    results.push([label, c]);
    expect(c.differing).toBe(0);
  });

  run('builder payloads: busy with check-in QR, hidden titles, overflowing day', () => {
    const scenarios = {
      checkin: buildScenario({
        name: 'Переговорная «Нева»',
        now: '2025-03-14T10:04:00',
        meetings: [
          { start: '10:00', end: '11:00', title: 'Планёрка отдела продаж' },
          { start: '11:30', end: '12:00', title: 'Разговор', private: true },
          { start: '16:00', end: '17:00', title: 'Интервью: backend-разработчик на позицию ведущего инженера' },
        ],
      }),
      overflow: buildScenario({
        name: 'Большая переговорная «Эрмитаж», седьмой этаж',
        now: '2025-03-14T08:10:00',
        meetings: Array.from({ length: 10 }, (_, i) => ({
          start: `${String(9 + i).padStart(2, '0')}:00`,
          end: `${String(9 + i).padStart(2, '0')}:45`,
          title: `Встреча номер ${i + 1} с очень длинным названием`,
        })),
      }),
    };
    for (const [name, s] of Object.entries(scenarios)) {
      const payload = buildDisplayPayload({ ...s, lang: 'ru', botUsername: 'MegaCorpRoomsBot' });
      const p = renderPayload(payload.body, { fwVersion: FW });
      const c = compareWithFirmware(`builder-${name}`, p, [], new TextEncoder().encode(payload.body));
      results.push([`builder-${name}`, c]);
      expect(c.differing).toBe(0);
    }
  });

  run.each([
    ['offline', () => renderNoNetwork('wifi', { fwVersion: FW }), ['--offline', 'wifi']],
    [
      'offline-en-compact',
      () => renderNoNetwork('http-503', { fwVersion: FW, lang: 'en', width: 296, height: 128 }),
      ['--offline', 'http-503', '--lang', 'en', '--size', '296x128'],
    ],
    ['unregistered', () => renderUnregistered('3C71BF4A92C4', { fwVersion: FW }), ['--unregistered', '3C71BF4A92C4']],
  ] as const)('error screen %s', (name, render, args) => {
    const p = render();
    const c = compareWithFirmware(`screen-${name}`, p, [...args]);
    results.push([name, c]);
    expect(c.differing).toBe(0);
  });
});

describe('preview', () => {
  it('uses red only when busy or asking for a check-in', () => {
    const free = renderPayload('v=1\nroom=Нева\nnow=2025-03-14T11:02+03:00\nst=free|11:30\nm=11:30|12:00||Синк\n');
    expect(free.frame.count(RED)).toBe(0);
    const busy = renderPayload('v=1\nroom=Нева\nnow=2025-03-14T10:04+03:00\nst=busy|11:00\nci=1\nm=10:00|11:00||Синк\n');
    expect(busy.frame.count(RED)).toBeGreaterThan(400 * 100);
    expect(free.frame.count(WHITE) + free.frame.count(BLACK)).toBe(400 * 300);
  });
  it('changes its hash with the content, not with the time of day', () => {
    const at = (t: string) => renderPayload(`v=1\nroom=Нева\nnow=2025-03-14T${t}+03:00\nst=free|11:30\nm=11:30|12:00||Синк\n`).hash;
    expect(at('11:02')).toBe(at('11:17:45'));
    expect(at('11:02')).not.toBe(renderPayload('v=1\nroom=Нева\nnow=2025-03-15T11:02+03:00\nst=free|11:30\nm=11:30|12:00||Синк\n').hash);
  });
  it('shows the "no network" screen with code payload for a rejected payload, as the device does', () => {
    expect(renderPayload('<html>502</html>').hash).toBe(renderNoNetwork('payload').hash);
  });
  (haveZbar ? it : it.skip)('draws a check-in QR code that a scanner reads back as the deep link', () => {
    const s = buildScenario({ name: 'Нева', now: '2025-03-14T10:04:00', meetings: [{ start: '10:00', end: '11:00', title: 'Планёрка' }] });
    const payload = buildDisplayPayload({ ...s, lang: 'ru', botUsername: 'MegaCorpRoomsBot' });
    const file = path.join(OUT_DIR, 'zbar-door.png');
    fs.writeFileSync(file, renderPayload(payload.body).png(2));
    expect(execFileSync('zbarimg', ['--quiet', '--raw', file], { encoding: 'utf8' }).trim()).toBe('https://t.me/MegaCorpRoomsBot?start=checkin_neva');
  });
});

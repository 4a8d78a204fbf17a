/**
 * Cross-language compatibility: for every firmware vector that describes a
 * server output, the same situation is expressed as domain input (room
 * settings + room-day events + now + language), the builder's payload is
 * parsed with the TS port of the device parser, and the dump must equal the
 * vector's `--- expect` block. If the firmware's host tool is built
 * (`make -C firmware render`), the C++ parser must dump the builder's
 * payload identically too.
 *
 * etag= and refresh= always differ (the vectors carry made-up values; ours
 * come from the content hash and the §4 refresh policy) and are compared
 * separately. Any other difference is listed per vector with its reason.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { dumpParse } from '../protocol/dump';
import { parsePayload } from '../protocol/payload-parser';
import { parseVector } from '../protocol/vectors';
import { ALL_DAY, buildScenario, type Scenario } from '../testing/scenario';
import { buildDisplayPayload } from './build-payload';

const ROOT = path.resolve(__dirname, '../../../..');
const VECTORS = path.join(ROOT, 'firmware/test/vectors');
const RENDER = path.join(ROOT, 'firmware/build/render');
const BOT = 'MegaCorpRoomsBot';

interface Case {
  scenario: Scenario;
  lang: 'ru' | 'en';
  bot?: string;
  /** Expected dump lines (by key) the builder legitimately produces differently, and why. */
  differs?: { lines: Record<string, string>; why: string };
  /** Replaces all expected m= lines (and meetings=). */
  meetings?: { lines: string[]; why: string };
  refresh?: number;
}

const NEVA = 'Переговорная «Нева»';
const CASES: Record<string, Case> = {
  'busy_checkin.txt': {
    scenario: {
      name: NEVA,
      now: '2025-03-14T10:04:00',
      meetings: [
        { start: '10:00', end: '11:00', title: 'Планёрка отдела продаж' },
        { start: '11:30', end: '12:00', title: 'Синк по релизу 2.4' },
        { start: '13:00', end: '14:30', title: 'Собеседование с кандидатом', private: true },
        { start: '16:00', end: '17:00', title: 'Интервью: backend-разработчик' },
      ],
    },
    lang: 'ru',
    bot: BOT,
    refresh: 390, // check-in deadline 10:10 + 30 s
  },
  'busy_full_day.txt': {
    scenario: {
      roomId: 'hermitage',
      name: 'Большая переговорная «Эрмитаж»',
      now: '2025-03-14T09:05:00',
      meetings: [
        { start: '09:00', end: '10:00', title: 'Планёрка продаж и маркетинга', checkedIn: true },
        { start: '10:00', end: '10:30', title: 'Синк по релизу мобильной версии' },
        { start: '10:30', end: '11:30', title: 'Интервью: старший backend-разработчик' },
        { start: '12:00', end: '13:00', title: 'Совет директоров', private: true },
        { start: '13:00', end: '14:00', title: 'Обед с партнёрами из «Ромашки»' },
        { start: '14:00', end: '15:30', title: 'Архитектурный комитет: платежи' },
        { start: '16:00', end: '17:00', title: 'Ретроспектива спринта №42 команды' },
        { start: '17:00', end: '18:00', title: 'Демо для заказчика: новая витрина' },
      ],
    },
    lang: 'ru',
    bot: BOT,
    differs: {
      lines: { status: 'busy|11:30' },
      why: 'the vector says busy|10:00 although 10:00-10:30 and 10:30-11:30 follow back to back; english.txt chains the same situation (busy|11:00), and so do the builder and PROTOCOL.md §3',
    },
  },
  'busy_hidden_title.txt': {
    scenario: {
      name: 'Переговорная «Ладога»',
      roomId: 'ladoga',
      now: '2025-03-14T14:10:00',
      meetings: [
        { start: '13:00', end: '14:30', title: 'Разговор с HR', private: true, checkedIn: true },
        { start: '15:00', end: '15:30', title: 'Личная встреча', private: true },
      ],
    },
    lang: 'ru',
    meetings: {
      lines: ['m=13:00|14:30|hc|Занято', 'm=15:00|15:30|h|Занято'],
      why: 'the vector also shows that an empty title with flag h is drawn as the placeholder; the builder always sends hidden titles as the placeholder itself (§2.3)',
    },
  },
  'checkin_without_qr.txt': {
    scenario: { name: 'Нева', now: '2025-03-14T10:04', meetings: [{ start: '10:00', end: '11:00', title: 'Планёрка' }] },
    lang: 'ru',
    bot: undefined,
    differs: { lines: { lang: 'ru' }, why: 'the builder always sends lang= (the vector leaves it out)' },
  },
  'computed_status.txt': {
    scenario: {
      name: NEVA,
      now: '2025-03-14T10:10',
      meetings: [
        { start: '10:00', end: '10:30', title: 'Стендап' },
        { start: '10:30', end: '11:15', title: 'Разбор инцидента' },
        { start: '12:00', end: '12:30', title: 'Обед' },
      ],
    },
    lang: 'ru',
    bot: BOT,
    differs: { lines: { status_source: 'server' }, why: 'the builder always sends st= (same value the device computes)' },
  },
  'english.txt': {
    scenario: {
      name: 'Boardroom 3.14',
      roomId: 'boardroom-3-14',
      now: '2025-03-17T09:45:10',
      offsetMinutes: 0,
      meetings: [
        { start: '09:30', end: '10:00', title: 'Daily stand-up', checkedIn: true },
        { start: '10:00', end: '11:00', title: 'Quarterly planning with the sales and marketing teams' },
        { start: '15:00', end: '16:00', title: '1:1 Anna / Boris' },
      ],
    },
    lang: 'en',
    bot: BOT,
    refresh: 900, // next boundary 10:00 is 14m50s away (+30 s) > 15 min cap
  },
  'free_next.txt': {
    scenario: {
      name: NEVA,
      now: '2025-03-14T11:02:00',
      meetings: [
        { start: '10:00', end: '11:00', title: 'Уже прошла' },
        { start: '11:30', end: '12:00', title: 'Синк по релизу 2.4' },
        { start: '13:00', end: '14:30', title: 'Оффер', private: true },
        { start: '16:00', end: '17:00', title: 'Интервью: backend-разработчик' },
      ],
    },
    lang: 'ru',
    bot: BOT,
    refresh: 900,
  },
  'free_rest_of_day.txt': {
    scenario: { name: NEVA, now: '2025-03-14T18:30:00', meetings: [{ start: '17:00', end: '18:00', title: 'Прошла' }] },
    lang: 'ru',
    bot: BOT,
    refresh: 900,
  },
  'midnight.txt': {
    scenario: { name: NEVA, now: '2025-12-31T23:40', settings: ALL_DAY, meetings: [{ start: '23:30', end: '24:00', title: 'Новогодний созвон' }] },
    lang: 'ru',
    bot: BOT,
    differs: { lines: { lang: 'ru', status_source: 'server' }, why: 'the builder always sends lang= and st=' },
  },
  'minimal.txt': {
    scenario: { name: 'Нева', now: '2025-03-14T08:00' },
    lang: 'ru',
    differs: { lines: { lang: 'ru', status_source: 'server' }, why: 'the builder always sends lang= and st=' },
  },
  'past_meetings.txt': {
    scenario: {
      name: 'Нева',
      now: '2025-03-14T15:00',
      meetings: [
        { start: '16:00', end: '17:00', title: 'Будущая' },
        { start: '09:00', end: '10:00', title: 'Прошедшая' },
        { start: '14:00', end: '15:00', title: 'Только что закончилась' },
      ],
    },
    lang: 'ru',
    differs: { lines: { lang: 'ru' }, why: 'the builder always sends lang=' },
    meetings: { lines: ['m=16:00|17:00||Будущая'], why: 'the builder sends only meetings that have not ended (§2.3 says ended ones MAY be sent)' },
  },
  'server_status_override.txt': {
    scenario: {
      name: NEVA,
      now: '2025-03-14T10:20',
      meetings: [
        { start: '10:00', end: '11:00', title: 'Никто не пришёл', releasedAt: '10:10' },
        { start: '13:00', end: '14:00', title: 'Синк' },
      ],
    },
    lang: 'ru',
    bot: BOT,
  },
};

/** Vectors that are wire-level parser tests (malformed input, limits broken on purpose), not server outputs. */
const NOT_SERVER_OUTPUT = ['bad_meetings', 'bom', 'crlf', 'error_', 'invalid_utf8', 'long_fields', 'too_many_meetings', 'unknown_keys'];

function expectedFor(expectDump: string, c: Case, actual: string): string {
  const actualByKey = new Map(actual.split('\n').map((l) => [l.slice(0, l.indexOf('=')), l] as const));
  const out: string[] = [];
  for (const line of expectDump.trimEnd().split('\n')) {
    const key = line.slice(0, line.indexOf('='));
    if (key === 'etag' || key === 'refresh') out.push(actualByKey.get(key)!);
    else if (key === 'm' && c.meetings) continue;
    else if (key === 'meetings' && c.meetings) out.push(`meetings=${c.meetings.lines.length}`, ...c.meetings.lines);
    else if (c.differs && key in c.differs.lines) out.push(`${key}=${c.differs.lines[key]}`);
    else out.push(line);
  }
  return `${out.join('\n')}\n`;
}

const haveRender = fs.existsSync(RENDER);
if (!haveRender) console.warn(`[displays] ${RENDER} not built (make -C firmware render): the C++ cross-check of builder payloads is skipped`);

describe('payload builder vs the firmware test vectors', () => {
  const files = fs.readdirSync(VECTORS).filter((f) => f.endsWith('.txt'));
  it('covers every vector that is a server output', () => {
    const serverOutputs = files.filter((f) => !NOT_SERVER_OUTPUT.some((p) => f.startsWith(p))).sort();
    expect(Object.keys(CASES).sort()).toEqual(serverOutputs);
  });

  describe.each(Object.entries(CASES))('%s', (file, c) => {
    const vector = parseVector(file, fs.readFileSync(path.join(VECTORS, file), 'utf8'));
    const built = buildScenario(c.scenario);
    const payload = buildDisplayPayload({ ...built, lang: c.lang, botUsername: c.bot ?? null });
    const dump = dumpParse(parsePayload(payload.body));

    it(`parses to the expected dump${c.differs || c.meetings ? ' (with the listed differences)' : ''}`, () => {
      expect(dump).toBe(expectedFor(vector.expect, c, dump));
    });
    it('is a valid server output: ≤ 1024 bytes, nothing dropped or cut, etag and refresh in range', () => {
      expect(payload.bytes).toBeLessThanOrEqual(1024);
      expect(dump).toContain('\ndropped=0\ntruncated=none\n');
      expect(dump).toMatch(/\netag=[0-9a-f]{16}\n/);
      expect(payload.refreshSec).toBeGreaterThanOrEqual(60);
      if (c.refresh !== undefined) expect(payload.refreshSec).toBe(c.refresh);
    });
    (haveRender ? it : it.skip)('the firmware parser (C++) dumps it identically', () => {
      const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'payload-')), 'payload.txt');
      fs.writeFileSync(file, payload.body);
      expect(execFileSync(RENDER, ['--dump', file], { encoding: 'utf8' })).toBe(dump);
    });
  });
});

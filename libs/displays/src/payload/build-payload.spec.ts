import { zoneOffsetsFromIntl } from '@megabot/platform';
import { dumpParse } from '../protocol/dump';
import { parsePayload } from '../protocol/payload-parser';
import { ALL_DAY, buildScenario, type MeetingSpec, type Scenario } from '../testing/scenario';
import { buildDisplayPayload, checkInTarget } from './build-payload';
import { chooseRefresh } from './refresh';
import { respondToDisplay } from './respond';
import { byteLength, cleanText, shortenToBytes } from './text';

const build = (s: Scenario, lang: 'ru' | 'en' = 'ru', bot: string | null = 'MegaCorpRoomsBot') =>
  buildDisplayPayload({ ...buildScenario(s), lang, botUsername: bot });
const lines = (body: string, key: string) => body.split('\n').filter((l) => l.startsWith(`${key}=`));

const DAY: MeetingSpec[] = [
  { start: '10:00', end: '11:00', title: 'Планёрка отдела продаж' },
  { start: '11:30', end: '12:00', title: 'Синк по релизу 2.4', private: true },
  { start: '15:00', end: '16:00', title: 'Интервью', checkedIn: true },
];

describe('display payload', () => {
  describe('privacy', () => {
    it('sends a private booking as the placeholder with flag h, never its title', () => {
      const p = build({ name: 'Нева', now: '2025-03-14T09:00', meetings: DAY });
      expect(lines(p.body, 'm')).toEqual(['m=10:00|11:00||Планёрка отдела продаж', 'm=11:30|12:00|h|Занято', 'm=15:00|16:00|c|Интервью']);
      expect(p.body).not.toContain('Синк');
    });
    it('hides every title of a private room, in the display language', () => {
      const p = build({ name: 'Board', now: '2025-03-14T09:00', settings: { privacy: true }, meetings: DAY }, 'en');
      expect(lines(p.body, 'm')).toEqual(['m=10:00|11:00|h|Busy', 'm=11:30|12:00|h|Busy', 'm=15:00|16:00|hc|Busy']);
      expect(p.body).not.toMatch(/Планёрка|Синк|Интервью/);
    });
  });

  describe('status and check-in', () => {
    it('is busy until the end of a back-to-back chain and asks for a check-in with the QR target', () => {
      const p = build({
        name: 'Нева',
        now: '2025-03-14T10:03',
        meetings: [
          { start: '10:00', end: '10:30', title: 'a' },
          { start: '10:30', end: '11:15', title: 'b' },
        ],
      });
      expect(p.status).toEqual({ kind: 'busy', until: '11:15' });
      expect(lines(p.body, 'ci')).toEqual(['ci=1']);
      expect(lines(p.body, 'qr')).toEqual(['qr=https://t.me/MegaCorpRoomsBot?start=checkin_neva']);
    });
    it('does not ask once checked in, after the deadline, or when the room does not auto-release', () => {
      const m = (extra: Partial<MeetingSpec>) => [{ start: '10:00', end: '11:00', title: 'a', ...extra }];
      expect(build({ name: 'Нева', now: '2025-03-14T10:03', meetings: m({ checkedIn: true }) }).checkInDue).toBe(false);
      expect(build({ name: 'Нева', now: '2025-03-14T10:10', meetings: m({}) }).checkInDue).toBe(false);
      expect(build({ name: 'Нева', now: '2025-03-14T10:03', settings: { autoRelease: false }, meetings: m({}) }).body).toContain('\nci=0\n');
    });
    it('frees the room after a release and skips cancelled bookings', () => {
      const p = build({
        name: 'Нева',
        now: '2025-03-14T10:20',
        meetings: [
          { start: '10:00', end: '11:00', title: 'no-show', releasedAt: '10:10' },
          { start: '12:00', end: '13:00', title: 'gone', cancelled: true },
        ],
      });
      expect(p.status).toEqual({ kind: 'free', until: null });
      expect(lines(p.body, 'st')).toEqual(['st=free|']);
      expect(lines(p.body, 'm')).toEqual([]);
    });
    it('sends no qr= when the link cannot be formed', () => {
      expect(checkInTarget(null, 'neva')).toBeNull();
      expect(checkInTarget('bad bot', 'neva')).toBeNull();
      expect(checkInTarget('MegaCorpRoomsBot', 'нева')).toBeNull();
      expect(checkInTarget('B'.repeat(32), 'r'.repeat(32))!.length).toBeLessThanOrEqual(96);
    });
  });

  describe('ETag', () => {
    const s = (now: string): Scenario => ({ name: 'Нева', now, meetings: DAY });
    it('is the same for the same content at different seconds and minutes', () => {
      const a = build(s('2025-03-14T10:04:05'));
      const b = build(s('2025-03-14T10:04:55'));
      const c = build(s('2025-03-14T10:07:30'));
      expect(new Set([a.etag, b.etag, c.etag]).size).toBe(1);
      expect(a.refreshSec).not.toBe(c.refreshSec); // the refresh changes, the tag does not
      expect(a.body).not.toBe(b.body);
    });
    it('changes when the picture changes: check-in over, meeting ended, title edited, other language, next day', () => {
      const base = build(s('2025-03-14T10:04')).etag;
      expect(build(s('2025-03-14T10:10:30')).etag).not.toBe(base);
      expect(build(s('2025-03-14T11:00:30')).etag).not.toBe(base);
      expect(build({ ...s('2025-03-14T10:04'), meetings: [{ ...DAY[0], title: 'Другое' }, ...DAY.slice(1)] }).etag).not.toBe(base);
      expect(build(s('2025-03-14T10:04'), 'en').etag).not.toBe(base);
      expect(build({ name: 'Нева', now: '2025-03-17T08:00' }).etag).not.toBe(build({ name: 'Нева', now: '2025-03-18T08:00' }).etag);
    });
    it('is the first 16 hex digits of SHA-256 over the lines without etag/refresh and with the date of now', () => {
      const p = build(s('2025-03-14T10:04'));
      expect(p.etag).toMatch(/^[0-9a-f]{16}$/);
      expect(lines(p.body, 'etag')).toEqual([`etag=${p.etag}`]);
    });
  });

  describe('size', () => {
    const longTitle = (i: number) => `${i}. Очень длинное название встречи про квартальное планирование бюджета отдела продаж и маркетинга`;
    const busy: MeetingSpec[] = Array.from({ length: 11 }, (_, i) => ({
      start: `${String(8 + i).padStart(2, '0')}:00`,
      end: `${String(8 + i).padStart(2, '0')}:55`,
      title: longTitle(i + 1),
    }));
    it('stays under 1 KiB on the busiest day with long Cyrillic titles, a long room name and a QR code', () => {
      const p = build(
        {
          roomId: 'r'.repeat(32),
          name: 'Большая переговорная «Эрмитаж», седьмой этаж, восточное крыло, у лифтов',
          now: '2025-03-14T08:03',
          settings: { workingHours: { days: [1, 2, 3, 4, 5], from: '08:00', to: '20:00' } },
          meetings: busy,
        },
        'ru',
        'B'.repeat(32),
      );
      expect(p.bytes).toBeLessThanOrEqual(1024);
      expect(byteLength(p.body)).toBe(p.bytes);
      expect(p.meetingsSent).toBe(8);
      expect(p.meetingsOmitted).toBe(3);
      expect(p.qr).not.toBeNull();
      const dump = dumpParse(parsePayload(p.body));
      expect(dump).toContain('\nmeetings=8\n');
      expect(dump).toContain('\ndropped=0\ntruncated=none\n'); // shortened by the server, not cut by the device
      for (const l of lines(p.body, 'm')) {
        const title = l.split('|').slice(3).join('|');
        expect(byteLength(title)).toBeLessThanOrEqual(64);
        expect(title.endsWith('…')).toBe(true);
      }
      expect(byteLength(lines(p.body, 'room')[0].slice(5))).toBeLessThanOrEqual(64);
    });
    it('shortens at a character boundary like the device, and never lets a title break a line', () => {
      expect(shortenToBytes('Ёжик в тумане идёт домой через лес', 20)).toEqual({ text: 'Ёжик в ту…', shortened: true });
      expect(cleanText(' Синк\nci=1\r\u0007 ')).toBe('Синк ci=1');
      expect(cleanText('e\u0301')).toBe('é');
      const p = build({ name: 'Нева', now: '2025-03-14T09:00', meetings: [{ start: '10:00', end: '11:00', title: 'Синк\nci=1\nqr=http://evil' }] });
      expect(lines(p.body, 'ci')).toEqual(['ci=0']);
      expect(lines(p.body, 'qr')).toEqual([]);
    });
  });

  describe('refresh policy', () => {
    const free = (now: string, settings?: Scenario['settings']) => build({ name: 'Нева', now, settings });
    it('sleeps from Friday evening until 5 minutes before Monday opening', () => {
      const p = free('2025-03-14T20:05');
      expect(p.refreshSec).toBe(((2 * 24 + 11) * 60 + 50) * 60); // Fri 20:05 -> Mon 07:55
      expect(p.refreshReason).toBe('next_opening');
      expect(p.wakeAt).toBe('2025-03-17T04:55:00.000Z');
    });
    it('sleeps through the night and the weekend', () => {
      expect(free('2025-03-17T22:00').refreshSec).toBe((9 * 60 + 55) * 60); // Mon 22:00 -> Tue 07:55
      expect(free('2025-03-15T12:00').refreshSec).toBe((43 * 60 + 55) * 60); // Sat 12:00 -> Mon 07:55
      expect(free('2025-03-17T07:57').refreshSec).toBe(3 * 60 + 30); // just before opening: just after it
    });
    it('never sleeps longer than 72 hours', () => {
      const p = free('2025-03-14T20:05', { workingHours: { days: [3], from: '08:00', to: '20:00' } }); // closed until Wednesday
      expect(p.refreshSec).toBe(72 * 3600);
    });
    it('wakes 30 s after the next start, end or check-in deadline, at most every 15 minutes in working hours', () => {
      const s = (now: string) => build({ name: 'Нева', now, meetings: [{ start: '10:00', end: '10:30', title: 'a' }] });
      expect(s('2025-03-14T09:52').refreshSec).toBe(8 * 60 + 30); // start 10:00
      expect(s('2025-03-14T10:04').refreshSec).toBe(6 * 60 + 30); // check-in deadline 10:10
      expect(s('2025-03-14T10:20:15').refreshSec).toBe(10 * 60 + 15); // end 10:30
      expect(s('2025-03-14T10:31').refreshReason).toBe('working_hours_cap');
      expect(s('2025-03-14T10:31').refreshSec).toBe(900);
      expect(s('2025-03-14T09:59:50').refreshSec).toBe(60); // 40 s to the start -> the device minimum
    });
    it('wakes after midnight in a room open around the clock (the date on the sign changes)', () => {
      expect(build({ name: 'Нева', now: '2025-03-14T23:50', settings: ALL_DAY }).refreshSec).toBe(10 * 60 + 30);
    });
    it('follows daylight saving: Friday evening to Monday morning in Berlin across the March change', () => {
      const zone = zoneOffsetsFromIntl('Europe/Berlin', Date.parse('2025-03-28T00:00:00Z'), Date.parse('2025-04-02T00:00:00Z'));
      const r = chooseRefresh({ workingHours: { days: [1, 2, 3, 4, 5], from: '08:00', to: '20:00' } }, zone, Date.parse('2025-03-28T19:05:00Z'), []);
      expect(r.wakeAt).toBe('2025-03-31T05:55:00.000Z'); // 07:55 CEST
    });
  });

  describe('HTTP answer', () => {
    const p = build({ name: 'Нева', now: '2025-03-14T09:00', meetings: DAY });
    it('answers 304 with X-Refresh-Sec when the display shows this content', () => {
      expect(respondToDisplay(p, `"${p.etag}"`)).toEqual({
        status: 304,
        headers: { ETag: `"${p.etag}"`, 'X-Refresh-Sec': String(p.refreshSec), 'Cache-Control': 'no-store' },
        body: '',
      });
      expect(respondToDisplay(p, `W/"${p.etag}"`).status).toBe(304);
    });
    it('answers 200 with the payload otherwise', () => {
      const r = respondToDisplay(p, '"something-else"');
      expect(r).toMatchObject({ status: 200, body: p.body, headers: { 'Content-Type': 'text/plain; charset=utf-8', ETag: `"${p.etag}"` } });
      expect(respondToDisplay(p, undefined).status).toBe(200);
    });
  });

  it('refuses a room-day of another date (a projection bug must not show yesterday)', () => {
    const b = buildScenario({ name: 'Нева', now: '2025-03-14T09:00', meetings: DAY });
    expect(() => buildDisplayPayload({ ...b, now: new Date('2025-03-15T09:00:00+03:00'), lang: 'ru' })).toThrow(/room-day 2025-03-14/);
  });
});

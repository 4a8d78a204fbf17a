import type { Actor, CalendarDay } from '@megabot/contracts';
import { deciderSpec } from '../shared/decider-spec';
import { calendarDecider } from './calendar.decider';
import { XMLCALENDAR_RU_2026 } from './fixtures/xmlcalendar-ru-2026';
import { usefulLinksDecider } from './links.decider';
import { calendarRegionsOf, isWorkingDay, workingCalendar, workingDaysBy, workingHours, yearSummary } from './working-days';
import { parseXmlCalendar } from './xmlcalendar';

const ADMIN: Actor = { employeeId: 'e-admin', roles: ['employee', 'admin'] };
const ANNA: Actor = { employeeId: 'e-anna', roles: ['employee'] };
const NOW = new Date('2026-01-15T09:00:00.000Z');
const RU_2026 = XMLCALENDAR_RU_2026;

describe('production calendar: the xmlcalendar.ru format', () => {
  const parsed = parseXmlCalendar(RU_2026);

  it('reads the year, the country, the stamp and every listed day with its kind, holiday name and transfer', () => {
    expect(parsed).toMatchObject({ year: 2026, country: 'ru', stamp: '2025.09.24' });
    expect(parsed.days).toHaveLength(22);
    expect(parsed.days[0]).toEqual({ date: '2026-01-01', kind: 'holiday', title: 'Новогодние каникулы', movedFrom: null });
    expect(parsed.days.find((d) => d.date === '2026-01-07')?.title).toBe('Рождество Христово');
    expect(parsed.days.find((d) => d.date === '2026-01-09')).toEqual({ date: '2026-01-09', kind: 'holiday', title: null, movedFrom: '2026-01-03' });
    expect(parsed.days.find((d) => d.date === '2026-04-30')?.kind).toBe('shortened');
  });

  it('refuses what is not such a file, with the reason', () => {
    const bad = (xml: string) => () => parseXmlCalendar(xml);
    expect(bad('<html></html>')).toThrow('no <calendar> element');
    expect(bad('<calendar year="20x6"><days><day d="01.01" t="1"/></days></calendar>')).toThrow('is not a year');
    expect(bad('<calendar year="2026"><days><day d="02.30" t="1"/></days></calendar>')).toThrow('d must be MM.DD of 2026');
    expect(bad('<calendar year="2026"><days><day d="01.01" t="4"/></days></calendar>')).toThrow('t must be 1');
    expect(bad('<calendar year="2026"><days><day d="01.01" t="1"/><day d="01.01" t="2"/></days></calendar>')).toThrow('listed twice');
    expect(bad('<calendar year="2026"><days></days></calendar>')).toThrow('lists no days');
  });

  it('reads a weekend working day (t=3) and entities in titles', () => {
    const p = parseXmlCalendar(`<calendar year="2025"><holidays><holiday id="1" title="A &amp; B"/></holidays><days>
      <day d="11.01" t="3" f="11.03"/><day d="11.04" t="1" h="1"/></days></calendar>`);
    expect(p.days).toEqual([
      { date: '2025-11-01', kind: 'working', title: null, movedFrom: '2025-11-03' },
      { date: '2025-11-04', kind: 'holiday', title: 'A & B', movedFrom: null },
    ]);
  });
});

describe('isWorkingDay', () => {
  const calendar = workingCalendar(2026, parseXmlCalendar(RU_2026).days);

  it('follows the usual week without a calendar', () => {
    expect(isWorkingDay('2026-01-09', null)).toBe(true); // a Friday
    expect(isWorkingDay('2026-01-10', null)).toBe(false); // a Saturday
  });

  it('holidays and moved days off are off, shortened days are working days of 7 hours, a weekend working day works', () => {
    expect(isWorkingDay('2026-01-09', calendar)).toBe(false);
    expect(isWorkingDay('2026-01-12', calendar)).toBe(true);
    expect(isWorkingDay('2026-12-31', calendar)).toBe(false);
    expect(isWorkingDay('2026-03-09', calendar)).toBe(false);
    expect(workingHours('2026-04-30', calendar)).toBe(7);
    expect(workingHours('2026-04-29', calendar)).toBe(8);
    expect(workingHours('2026-05-09', calendar)).toBe(0);
    const moved = workingCalendar(2025, [{ date: '2025-11-01', kind: 'working', title: null, movedFrom: '2025-11-03' }]);
    expect(isWorkingDay('2025-11-01', moved)).toBe(true); // a Saturday
  });

  it('the Russian 2026 calendar has 247 working days and 1972 hours of a 40-hour week', () => {
    expect(yearSummary(calendar)).toEqual({ workingDays: 247, daysOff: 118, shortenedDays: 4, workingHours: 1972 });
  });
});

describe('calendar decider', () => {
  const spec = deciderSpec(calendarDecider);
  const days: CalendarDay[] = [
    { date: '2026-01-01', kind: 'holiday', title: 'Новый год', movedFrom: null },
    { date: '2026-04-30', kind: 'shortened', title: null, movedFrom: null },
  ];
  const imported = {
    type: 'ProductionCalendarImported' as const,
    data: { calendarId: 'ru-2026', region: 'ru', year: 2026, days, source: 'xmlcalendar.ru', importedAt: NOW.toISOString(), importedBy: 'e-admin' },
  };
  const importIt = (over: Partial<{ region: string; year: number; days: CalendarDay[]; actor: Actor }> = {}) => ({
    type: 'ImportProductionCalendar' as const,
    region: 'ru',
    year: 2026,
    days,
    source: 'xmlcalendar.ru',
    actor: ADMIN,
    ...over,
  });

  it('an admin imports a year; the same content again writes nothing; a changed one replaces it', () => {
    spec.given([]).when(importIt(), NOW).then([imported]);
    spec.given([imported]).when(importIt(), NOW).then([]);
    const more = [...days, { date: '2026-12-31', kind: 'holiday' as const, title: null, movedFrom: '2026-01-04' }];
    spec
      .given([imported])
      .when(importIt({ days: more }), NOW)
      .then([{ ...imported, data: { ...imported.data, days: more } }]);
  });

  it('refuses non-admins, dates of another year, duplicates and bad regions', () => {
    spec
      .given([])
      .when(importIt({ actor: ANNA }), NOW)
      .thenThrows('company.admin_required');
    spec
      .given([])
      .when(importIt({ year: 2027 }), NOW)
      .thenThrows('company.invalid_calendar');
    spec
      .given([])
      .when(importIt({ days: [days[0], days[0]] }), NOW)
      .thenThrows('company.invalid_calendar');
    spec
      .given([])
      .when(importIt({ region: 'Moscow HQ' }), NOW)
      .thenThrows('company.invalid_field', { field: 'region' });
  });
});

describe('useful links decider', () => {
  const spec = deciderSpec(usefulLinksDecider);
  const link = { linkId: 'vpn', category: 'IT', title: 'VPN', url: 'https://wiki.example.com/vpn', description: '' };
  const added = { type: 'UsefulLinkAdded' as const, data: { ...link, addedAt: NOW.toISOString(), addedBy: 'e-admin' } };

  it('admins add, update and remove links', () => {
    spec
      .given([])
      .when({ type: 'AddUsefulLink', link: { ...link, title: '  VPN ' }, actor: ADMIN }, NOW)
      .then([added]);
    spec
      .given([added])
      .when({ type: 'UpdateUsefulLink', linkId: 'vpn', changes: { title: 'VPN guide', category: 'IT' }, actor: ADMIN }, NOW)
      .then([{ type: 'UsefulLinkUpdated', data: { linkId: 'vpn', changes: { title: 'VPN guide' }, updatedAt: NOW.toISOString(), updatedBy: 'e-admin' } }]);
    spec
      .given([added])
      .when({ type: 'RemoveUsefulLink', linkId: 'vpn', actor: ADMIN }, NOW)
      .then([{ type: 'UsefulLinkRemoved', data: { linkId: 'vpn', removedAt: NOW.toISOString(), removedBy: 'e-admin' } }]);
    spec.given([]).when({ type: 'RemoveUsefulLink', linkId: 'vpn', actor: ADMIN }, NOW).then([]);
  });

  it('refuses employees, duplicates, unknown links and URLs that are not http(s)', () => {
    spec.given([]).when({ type: 'AddUsefulLink', link, actor: ANNA }, NOW).thenThrows('company.admin_required');
    spec.given([added]).when({ type: 'AddUsefulLink', link, actor: ADMIN }, NOW).thenThrows('company.link_exists');
    spec
      .given([])
      .when({ type: 'UpdateUsefulLink', linkId: 'vpn', changes: { title: 'x' }, actor: ADMIN }, NOW)
      .thenThrows('company.link_not_found');
    spec
      .given([])
      .when({ type: 'AddUsefulLink', link: { ...link, url: 'javascript:alert(1)' }, actor: ADMIN }, NOW)
      .thenThrows('company.invalid_field', { field: 'url' });
    spec
      .given([])
      .when({ type: 'AddUsefulLink', link: { ...link, category: '' }, actor: ADMIN }, NOW)
      .thenThrows('company.invalid_field', { field: 'category' });
  });
});

describe('the calendar of a place', () => {
  const ru = { region: 'ru', year: 2026, days: parseXmlCalendar(RU_2026).days };
  const spb = { region: 'spb', year: 2026, days: [{ date: '2026-05-27', kind: 'holiday' as const, title: 'City Day', movedFrom: null }] };

  it("an office's own calendar first, then the country's", () => {
    expect(calendarRegionsOf('SPB')).toEqual(['spb', 'ru']);
    expect(calendarRegionsOf('Moscow HQ')).toEqual(['ru']); // not a region id
    expect(calendarRegionsOf(null)).toEqual(['ru']);
    expect(calendarRegionsOf('ru')).toEqual(['ru']);
  });

  it("uses the first region with the date's year imported, and the usual week for a year with none", () => {
    const moscow = workingDaysBy([ru, spb], calendarRegionsOf('msk'));
    const petersburg = workingDaysBy([ru, spb], calendarRegionsOf('spb'));
    expect(moscow('2026-01-09')).toBe(false); // the country's moved day off
    expect(moscow('2026-05-27')).toBe(true);
    expect(petersburg('2026-05-27')).toBe(false); // its own holiday
    expect(petersburg('2026-01-09')).toBe(true); // its own calendar replaces the country's for the year
    expect(moscow('2027-01-01')).toBe(true); // a Friday of a year with no calendar imported
    expect(moscow('2027-01-02')).toBe(false);
  });
});

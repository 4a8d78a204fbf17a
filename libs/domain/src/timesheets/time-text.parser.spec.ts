import { parseTimeText, type ParsedTime } from './time-text.parser';

/**
 * Labelled phrases as employees type them (Russian and English), read on
 * Thursday 2025-03-20 by someone on ACME, MEGA and Rooms whose last project was MEGA.
 */
const context = { today: '2025-03-20', projects: ['ACME', 'MEGA', 'Rooms'], lastProject: 'MEGA' };
type Expect = { date?: string; minutes: number; project?: string | null; task?: string | null; comment?: string };
const T = '2025-03-20';
const Y = '2025-03-19';

const PHRASES: [string, Expect][] = [
  // the issue's own examples
  ['3.5h ACME-123 review', { date: T, minutes: 210, project: 'ACME', task: 'ACME-123', comment: 'review' }],
  ['вчера 2 часа на ревью', { date: Y, minutes: 120, project: 'MEGA', task: null, comment: 'ревью' }],
  ['1ч30м', { date: T, minutes: 90, project: 'MEGA', comment: '' }],
  ['пн 8h', { date: '2025-03-17', minutes: 480, comment: '' }],
  // durations, English
  ['2h', { minutes: 120 }],
  ['2 h', { minutes: 120 }],
  ['2hrs', { minutes: 120 }],
  ['2 hours', { minutes: 120 }],
  ['1 hour', { minutes: 60 }],
  ['an hour of meetings', { minutes: 60, comment: 'of meetings' }],
  ['half an hour standup', { minutes: 30, comment: 'standup' }],
  ['1.5h', { minutes: 90 }],
  ['1.25 hours', { minutes: 75 }],
  ['0.5h sync', { minutes: 30, comment: 'sync' }],
  ['45m', { minutes: 45 }],
  ['45 min', { minutes: 45 }],
  ['45 mins', { minutes: 45 }],
  ['90 minutes', { minutes: 90 }],
  ['1h30m', { minutes: 90 }],
  ['1h 30m', { minutes: 90 }],
  ['1 h 15 min', { minutes: 75 }],
  ['2h 15min', { minutes: 135 }],
  ['1:30', { minutes: 90 }],
  ['0:45 call', { minutes: 45, comment: 'call' }],
  ['8h', { minutes: 480 }],
  ['24h', { minutes: 1440 }],
  ['two hours design', { minutes: 120, comment: 'design' }],
  ['one and a half hours planning', { minutes: 90, comment: 'planning' }],
  ['10 minutes', { minutes: 10 }],
  ['4', { minutes: 240 }],
  ['ACME 4', { minutes: 240, project: 'ACME' }],
  // durations, Russian
  ['2ч', { minutes: 120 }],
  ['2 ч', { minutes: 120 }],
  ['2 часа', { minutes: 120 }],
  ['5 часов', { minutes: 300 }],
  ['1 час', { minutes: 60 }],
  ['час на созвон', { minutes: 60, comment: 'созвон' }],
  ['полчаса стендап', { minutes: 30, comment: 'стендап' }],
  ['полтора часа ревью', { minutes: 90, comment: 'ревью' }],
  ['1,5ч', { minutes: 90 }],
  ['1,5 часа', { minutes: 90 }],
  ['2.5 ч', { minutes: 150 }],
  ['30 минут', { minutes: 30 }],
  ['30мин', { minutes: 30 }],
  ['30 мин.', { minutes: 30 }],
  ['15 м', { minutes: 15 }],
  ['1ч 30м', { minutes: 90 }],
  ['1 ч 30 мин', { minutes: 90 }],
  ['2ч15м', { minutes: 135 }],
  ['два часа документация', { minutes: 120, comment: 'документация' }],
  ['три часа', { minutes: 180 }],
  ['восемь часов', { minutes: 480 }],
  ['десять минут', { minutes: 10 }],
  // dates, relative
  ['today 2h', { date: T, minutes: 120 }],
  ['сегодня 3ч', { date: T, minutes: 180 }],
  ['yesterday 2h', { date: Y, minutes: 120 }],
  ['вчера 1ч', { date: Y, minutes: 60 }],
  ['позавчера 4ч', { date: '2025-03-18', minutes: 240 }],
  ['day before yesterday 4h', { date: '2025-03-18', minutes: 240 }],
  ['3 дня назад 2ч', { date: '2025-03-17', minutes: 120 }],
  ['2 days ago 1h', { date: '2025-03-18', minutes: 60 }],
  ['5 дней назад 8ч', { date: '2025-03-15', minutes: 480 }],
  // weekdays (the most recent one, today included)
  ['вт 6ч', { date: '2025-03-18', minutes: 360 }],
  ['ср 7ч', { date: Y, minutes: 420 }],
  ['чт 8ч', { date: T, minutes: 480 }],
  ['пт 8ч', { date: '2025-03-14', minutes: 480 }],
  ['сб 2ч', { date: '2025-03-15', minutes: 120 }],
  ['вс 1ч', { date: '2025-03-16', minutes: 60 }],
  ['в понедельник 3 часа', { date: '2025-03-17', minutes: 180, comment: '' }],
  ['в пятницу 4ч деплой', { date: '2025-03-14', minutes: 240, comment: 'деплой' }],
  ['во вторник 2ч', { date: '2025-03-18', minutes: 120, comment: '' }],
  ['в среду 1ч', { date: Y, minutes: 60 }],
  ['в прошлый четверг 8ч', { date: '2025-03-13', minutes: 480, comment: '' }],
  ['в прошлую пятницу 3ч', { date: '2025-03-14', minutes: 180 }],
  ['mon 8h', { date: '2025-03-17', minutes: 480 }],
  ['monday 8h', { date: '2025-03-17', minutes: 480 }],
  ['on tuesday 3h testing', { date: '2025-03-18', minutes: 180, comment: 'testing' }],
  ['wed 2h', { date: Y, minutes: 120 }],
  ['thursday 1h', { date: T, minutes: 60 }],
  ['last thursday 1h', { date: '2025-03-13', minutes: 60 }],
  ['fri 7.5h', { date: '2025-03-14', minutes: 450 }],
  ['sat 1h', { date: '2025-03-15', minutes: 60 }],
  ['sunday 2h', { date: '2025-03-16', minutes: 120 }],
  // dates, explicit
  ['12.03 2ч', { date: '2025-03-12', minutes: 120 }],
  ['12.03.2025 2ч', { date: '2025-03-12', minutes: 120 }],
  ['01.03.25 1ч', { date: '2025-03-01', minutes: 60 }],
  ['2025-03-11 4h', { date: '2025-03-11', minutes: 240 }],
  ['25.12 3ч', { date: '2024-12-25', minutes: 180 }],
  ['12/03 2h', { date: '2025-03-12', minutes: 120 }],
  ['12 марта 3ч', { date: '2025-03-12', minutes: 180 }],
  ['1 марта 2 часа', { date: '2025-03-01', minutes: 120 }],
  ['28 февраля 8ч', { date: '2025-02-28', minutes: 480 }],
  ['30 декабря 8ч', { date: '2024-12-30', minutes: 480 }],
  ['March 12 3h', { date: '2025-03-12', minutes: 180 }],
  ['12 March 3h', { date: '2025-03-12', minutes: 180 }],
  ['mar 3rd 2h', { date: '2025-03-03', minutes: 120 }],
  ['Feb 28, 2025 1h', { date: '2025-02-28', minutes: 60 }],
  // projects and tasks
  ['ACME-7 2h', { project: 'ACME', task: 'ACME-7', minutes: 120, comment: '' }],
  ['acme-42 1h bugfix', { project: 'ACME', task: 'ACME-42', minutes: 60, comment: 'bugfix' }],
  ['2h MEGA-1 планирование', { project: 'MEGA', task: 'MEGA-1', minutes: 120, comment: 'планирование' }],
  ['ROOMS-5 30m', { project: 'Rooms', task: 'ROOMS-5', minutes: 30 }],
  ['XYZ-9 1h', { project: 'XYZ', task: 'XYZ-9', minutes: 60 }],
  ['acme 2h', { project: 'ACME', task: null, minutes: 120, comment: '' }],
  ['2ч rooms ревью', { project: 'Rooms', minutes: 120, comment: 'ревью' }],
  ['2ч по проекту ACME', { project: 'ACME', minutes: 120, comment: 'проекту' }],
  ['вчера ACME-12 3ч код-ревью', { date: Y, project: 'ACME', task: 'ACME-12', minutes: 180, comment: 'код-ревью' }],
  ['пт 8h MEGA', { date: '2025-03-14', project: 'MEGA', minutes: 480, comment: '' }],
  ['1h for code review', { minutes: 60, comment: 'code review' }],
  ['2h on docs', { minutes: 120, comment: 'docs' }],
  ['3ч над отчётом', { minutes: 180, comment: 'отчётом' }],
  ['2ч - встреча с клиентом', { minutes: 120, comment: 'встреча с клиентом' }],
  ['ревью 2ч', { minutes: 120, comment: 'ревью' }],
  ['review: 1.5h', { minutes: 90, comment: 'review' }],
  ['  3h   ACME-1   review  ', { minutes: 180, task: 'ACME-1', comment: 'review' }],
  ['ВЧЕРА 2 ЧАСА', { date: Y, minutes: 120 }],
  ['Yesterday 2H', { date: Y, minutes: 120 }],
];

const ERRORS: [string, string][] = [
  ['ревью', 'no_duration'],
  ['вчера на ревью', 'no_duration'],
  ['ACME-123 review', 'no_duration'],
  ['25h', 'too_long'],
  ['20ч 5ч', 'too_long'],
  ['31.02 2ч', 'bad_date'],
  ['2025-02-30 1h', 'bad_date'],
  ['0h', 'no_duration'],
];

describe('free-text time parser', () => {
  it(`has at least 100 labelled phrases (${PHRASES.length + ERRORS.length})`, () => expect(PHRASES.length + ERRORS.length).toBeGreaterThanOrEqual(100));

  it.each(PHRASES)('%s', (text, expected) => {
    const parsed = parseTimeText(text, context);
    expect(parsed).toMatchObject({ ok: true, date: expected.date ?? T, ...expected });
    if (expected.project === undefined && !/acme|mega|rooms|xyz/i.test(text)) expect(parsed).toMatchObject({ project: 'MEGA' });
  });

  it.each(ERRORS)('%s -> %s', (text, error) => expect(parseTimeText(text, context)).toMatchObject({ ok: false, error }));

  it('falls back to the only assigned project, or says it cannot tell', () => {
    expect(parseTimeText('2h', { today: T, projects: ['ACME'] })).toMatchObject({ project: 'ACME' } as Partial<ParsedTime>);
    expect(parseTimeText('2h', { today: T, projects: ['ACME', 'MEGA'] })).toMatchObject({ project: null } as Partial<ParsedTime>);
    // a project that is not theirs is still read as a project (and refused by the rules), not as a comment
    expect(parseTimeText('2h ACME', { today: T, projects: ['ACME', 'MEGA'], assigned: ['MEGA'] })).toMatchObject({ project: 'ACME', comment: '' });
    expect(parseTimeText('2h ревью', { today: T, projects: ['ACME', 'MEGA'], assigned: ['MEGA'] })).toMatchObject({ project: 'MEGA', comment: 'ревью' });
  });
});

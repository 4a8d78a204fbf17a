import { MAX_MINUTES_PER_DAY } from '@megabot/contracts';
import { addDays, isValidDate, weekdayOf } from './timesheets.dates';

/**
 * Reads a line of time as people type it, in Russian or English:
 *
 *   "3.5h ACME-123 review"        3 h 30 min today on ACME, task ACME-123, comment "review"
 *   "вчера 2 часа на ревью"       2 h yesterday on the last project, comment "ревью"
 *   "1ч30м", "1:30", "90 min"     durations (also "полтора часа", "half an hour", "час")
 *   "пн 8h", "в пятницу 4ч"       the most recent such weekday (today included)
 *   "12.03 2h", "12 марта", "March 12", "2025-03-12", "3 дня назад"
 *
 * Pure: today's date (the employee's) and the projects they may log to come
 * in. The project is a known code named in the text (or the prefix of a task
 * key such as ACME-123), else the last project used, else the employee's only
 * one; null when it cannot tell (the caller asks).
 */
export interface TimeTextContext {
  /** `YYYY-MM-DD` in the employee's time zone. */
  today: string;
  /** Project codes the text may name (matched ignoring case): all open ones, so that naming another's project is refused, not ignored. */
  projects: readonly string[];
  /** The employee's own projects, when not all of `projects`: the only one is the default. */
  assigned?: readonly string[];
  lastProject?: string | null;
}

export type ParsedTime =
  | { ok: true; date: string; minutes: number; project: string | null; task: string | null; comment: string }
  | { ok: false; error: 'no_duration' | 'too_long' | 'bad_date'; message: string };

const L = '(?<![\\p{L}\\p{N}])';
const R = '(?![\\p{L}\\p{N}])';
const rx = (body: string) => new RegExp(`${L}(?:${body})${R}`, 'iu');

const NUM = '\\d+(?:[.,]\\d+)?';
const HOUR_UNIT = 'h|hr|hrs|hour|hours|ч|час|часа|часов|чс';
const MIN_UNIT = 'm|min|mins|minute|minutes|м|мин|минут|минута|минуты|минуток';

const WORD_NUMBERS: Record<string, number> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  один: 1,
  одна: 1,
  два: 2,
  две: 2,
  три: 3,
  четыре: 4,
  пять: 5,
  шесть: 6,
  семь: 7,
  восемь: 8,
  девять: 9,
  десять: 10,
};

const WEEKDAYS: [string, number][] = [
  ['пн|понедельник|понедельника|mon|monday', 1],
  ['вт|вторник|вторника|tue|tues|tuesday', 2],
  ['ср|среда|среду|среды|wed|weds|wednesday', 3],
  ['чт|четверг|четверга|thu|thur|thurs|thursday', 4],
  ['пт|пятница|пятницу|пятницы|fri|friday', 5],
  ['сб|суббота|субботу|субботы|sat|saturday', 6],
  ['вс|воскресенье|воскресенья|sun|sunday', 7],
];

const MONTHS: [string, number][] = [
  ['января|январь|jan|january', 1],
  ['февраля|февраль|feb|february', 2],
  ['марта|март|mar|march', 3],
  ['апреля|апрель|apr|april', 4],
  ['мая|май|may', 5],
  ['июня|июнь|jun|june', 6],
  ['июля|июль|jul|july', 7],
  ['августа|август|aug|august', 8],
  ['сентября|сентябрь|sep|sept|september', 9],
  ['октября|октябрь|oct|october', 10],
  ['ноября|ноябрь|nov|november', 11],
  ['декабря|декабрь|dec|december', 12],
];
const MONTH_WORDS = MONTHS.map(([w]) => w).join('|');
const monthOf = (word: string) => MONTHS.find(([w]) => new RegExp(`^(?:${w})$`, 'iu').test(word))![1];

const pad = (n: number) => String(n).padStart(2, '0');

/** The most recent date with this month and day on or before today (the year is left out). */
function recentDate(today: string, month: number, day: number, year?: number): string | null {
  if (year !== undefined) {
    const d = `${year < 100 ? 2000 + year : year}-${pad(month)}-${pad(day)}`;
    return isValidDate(d) ? d : null;
  }
  const thisYear = Number(today.slice(0, 4));
  for (const y of [thisYear, thisYear - 1]) {
    const d = `${y}-${pad(month)}-${pad(day)}`;
    if (isValidDate(d) && d <= today) return d;
  }
  return null;
}

/** The most recent such weekday on or before today (strictly before with "last"/"прошлый"). */
const recentWeekday = (today: string, weekday: number, strictly: boolean) => {
  const back = (weekdayOf(today) - weekday + 7) % 7;
  return addDays(today, back === 0 && strictly ? -7 : -back);
};

const toNumber = (s: string) => Number(s.replace(',', '.'));

interface Cut {
  text: string;
}
/** Removes the first match of `re` from the text and hands it over. */
function take(cut: Cut, re: RegExp): RegExpExecArray | null {
  const m = re.exec(cut.text);
  if (m) cut.text = `${cut.text.slice(0, m.index)} ${cut.text.slice(m.index + m[0].length)}`;
  return m;
}

function parseDate(cut: Cut, today: string): string | null | 'bad' {
  let m = take(cut, rx('(\\d{4})-(\\d{2})-(\\d{2})'));
  if (m) return isValidDate(`${m[1]}-${m[2]}-${m[3]}`) ? `${m[1]}-${m[2]}-${m[3]}` : 'bad';
  // "1.5h" and "2.5 ч" are durations, not the 1st of May.
  m = take(cut, rx(`(\\d{1,2})[./](\\d{1,2})(?:[./](\\d{2}|\\d{4}))?(?!\\s*(?:${HOUR_UNIT}|${MIN_UNIT})${R})`));
  if (m) return recentDate(today, Number(m[2]), Number(m[1]), m[3] ? Number(m[3]) : undefined) ?? 'bad';
  m = take(cut, rx(`(\\d{1,2})\\s+(${MONTH_WORDS})(?:\\s+(\\d{4}))?`));
  if (m) return recentDate(today, monthOf(m[2]), Number(m[1]), m[3] ? Number(m[3]) : undefined) ?? 'bad';
  m = take(cut, rx(`(${MONTH_WORDS})\\s+(\\d{1,2})(?:st|nd|rd|th)?(?:,?\\s+(\\d{4}))?`));
  if (m) return recentDate(today, monthOf(m[1]), Number(m[2]), m[3] ? Number(m[3]) : undefined) ?? 'bad';
  m = take(cut, rx('(\\d+)\\s+(?:дня|дней|день|days?)\\s+(?:назад|ago)'));
  if (m) return addDays(today, -Number(m[1]));
  if (take(cut, rx('позавчера|day before yesterday'))) return addDays(today, -2);
  if (take(cut, rx('вчера|вчерашн\\p{L}*|yesterday'))) return addDays(today, -1);
  if (take(cut, rx('сегодня|today'))) return today;
  for (const [names, weekday] of WEEKDAYS) {
    if (take(cut, rx(`(?:(?:в|во|on)\\s+)?(?:прошл\\p{L}*|last)\\s+(?:${names})`))) return recentWeekday(today, weekday, true);
    if (take(cut, rx(`(?:(?:в|во|on)\\s+)?(?:${names})`))) return recentWeekday(today, weekday, false);
  }
  return null;
}

function parseDuration(cut: Cut): number | null {
  let minutes = 0;
  let found = false;
  const add = (n: number) => {
    minutes += n;
    found = true;
  };
  let m: RegExpExecArray | null;
  while ((m = take(cut, rx('(\\d{1,2}):([0-5]\\d)')))) add(Number(m[1]) * 60 + Number(m[2]));
  while ((m = take(cut, rx(`(${NUM})\\s*(?:${HOUR_UNIT})\\.?(?:\\s*(\\d+)\\s*(?:${MIN_UNIT})\\.?)?`))))
    add(Math.round(toNumber(m[1]) * 60) + Number(m[2] ?? 0));
  while ((m = take(cut, rx(`(${NUM})\\s*(?:${MIN_UNIT})\\.?`)))) add(Math.round(toNumber(m[1])));
  if (take(cut, rx('полтора\\s+часа|one and a half hours?|an hour and a half|1 and a half hours?'))) add(90);
  if (take(cut, rx('полчаса|пол\\s+часа|half an hour|half hour'))) add(30);
  const words = Object.keys(WORD_NUMBERS).join('|');
  while ((m = take(cut, rx(`(${words})\\s+(?:${HOUR_UNIT})`)))) add(WORD_NUMBERS[m[1].toLowerCase()] * 60);
  while ((m = take(cut, rx(`(${words})\\s+(?:${MIN_UNIT})`)))) add(WORD_NUMBERS[m[1].toLowerCase()]);
  if (!found && take(cut, rx('(?:an|one)\\s+hour|час|часик'))) add(60);
  if (!found && (m = take(cut, rx(`(${NUM})`))) && toNumber(m[1]) > 0 && toNumber(m[1]) <= 24) add(Math.round(toNumber(m[1]) * 60));
  return found ? minutes : null;
}

const LEADING_WORDS = /^(?:(?:на|по|над|для|в|во|за|for|on|to|at|in|-|—|–|:|,)\s+)+/iu;

export function parseTimeText(text: string, context: TimeTextContext): ParsedTime {
  const cut: Cut = { text: ` ${text.normalize('NFC').replace(/\s+/g, ' ').trim()} ` };
  const known = new Map(context.projects.map((p) => [p.toLowerCase(), p]));

  let task: string | null = null;
  let project: string | null = null;
  const key = take(cut, /(?<![\p{L}\p{N}_-])([A-Za-z][A-Za-z0-9_]*)-(\d+)(?![\p{L}\p{N}_-])/u);
  if (key) {
    task = key[0].toUpperCase();
    project = known.get(key[1].toLowerCase()) ?? key[1].toUpperCase();
  }

  const date = parseDate(cut, context.today);
  if (date === 'bad') return { ok: false, error: 'bad_date', message: 'That date does not exist' };
  const minutes = parseDuration(cut);
  if (minutes === null || minutes <= 0) return { ok: false, error: 'no_duration', message: 'How long? e.g. "2h", "1ч30м", "90 min"' };
  if (minutes > MAX_MINUTES_PER_DAY) return { ok: false, error: 'too_long', message: 'At most 24 h a day' };

  if (!project) {
    const words = cut.text.split(/\s+/).filter(Boolean);
    const named = words.find((w) => known.has(w.replace(/[.,:;!?]+$/u, '').toLowerCase()));
    if (named) {
      project = known.get(named.replace(/[.,:;!?]+$/u, '').toLowerCase())!;
      take(cut, new RegExp(`${L}${named.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}${R}`, 'iu'));
    }
  }
  const own = context.assigned ?? context.projects;
  project ??= context.lastProject ?? (own.length === 1 ? own[0] : null);

  const comment = cut.text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(LEADING_WORDS, '')
    .replace(/^[\s,.;:—–-]+|[\s,;:—–-]+$/gu, '')
    .trim();
  return { ok: true, date: date ?? context.today, minutes, project, task, comment };
}

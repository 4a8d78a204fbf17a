import type { LogTimeResultDto, TeamWeekView, TimeEntryView, WeekSummaryView } from '@megabot/contracts';
import type { InlineKeyboardMarkup } from 'telegraf/types';
import { html } from '../shared/escape';
import type { Language } from '../shared/i18n';
import { t } from './timesheets.i18n';

/** Callback data: `ts:q:<minutes>:<project>` quick log for today, `ts:c` copy last week, `ts:w[:<yyyymmdd>]` a week, `ts:t[:<yyyymmdd>]` the team's week. */
export const TIMESHEETS_CALLBACK = /^ts:(q|c|w|t)(?::(\d{1,8}))?(?::([A-Za-z0-9][A-Za-z0-9_-]{0,47}))?$/;
export const QUICK_MINUTES = [60, 240, 480];

const WEEKDAYS: Record<Language, string[]> = { en: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'], ru: ['Пн', 'Вт', 'Ср', 'Чт', 'Пт', 'Сб', 'Вс'] };

/** 90 -> "1 h 30 min" / "1 ч 30 мин". */
export function duration(lang: Language, minutes: number): string {
  const [h, m] = [Math.floor(minutes / 60), minutes % 60];
  const [hu, mu] = lang === 'ru' ? ['ч', 'мин'] : ['h', 'min'];
  return [h ? `${h} ${hu}` : '', m || !h ? `${m} ${mu}` : ''].filter(Boolean).join(' ');
}
/** 2026-03-17 -> 17.03 */
export const dm = (date: string) => `${date.slice(8, 10)}.${date.slice(5, 7)}`;
export const compactDate = (date: string) => date.replace(/-/g, '');
export const isoDate = (yyyymmdd: string) => `${yyyymmdd.slice(0, 4)}-${yyyymmdd.slice(4, 6)}-${yyyymmdd.slice(6, 8)}`;

/** The project quick buttons log to: the last one used if still open for the employee, else their first. */
export const quickProject = (w: WeekSummaryView): string | null =>
  w.lastProject && w.assignedProjects.includes(w.lastProject) ? w.lastProject : (w.assignedProjects[0] ?? null);

export function weekView(lang: Language, w: WeekSummaryView): { text: string; keyboard: InlineKeyboardMarkup } {
  const lines = [t(lang, 'time.week', { from: dm(w.from), to: dm(w.to), total: duration(lang, w.totalMinutes) })];
  for (const [i, d] of w.days.entries()) {
    if (!d.working && d.minutes === 0) continue;
    const mark = d.minutes > 0 ? '✅' : d.date > w.today || !d.working ? '▫️' : '⚠️';
    lines.push(t(lang, 'time.day_line', { mark, weekday: WEEKDAYS[lang][i], date: dm(d.date), minutes: d.minutes ? duration(lang, d.minutes) : '—' }));
  }
  if (w.projects.length) {
    lines.push('', t(lang, 'time.projects'));
    for (const p of w.projects) lines.push(t(lang, 'time.project_line', { project: html(p.project), minutes: duration(lang, p.minutes) }));
  } else lines.push('', t(lang, 'time.nothing'));
  const project = quickProject(w);
  const thisWeek = w.from <= w.today && w.today <= w.to;
  const rows: { text: string; callback_data: string }[][] = [];
  if (thisWeek && project) {
    lines.push('', t(lang, 'time.quick', { project: html(project) }));
    rows.push(QUICK_MINUTES.map((m) => ({ text: `+${duration(lang, m)}`, callback_data: `ts:q:${m}:${project}` })));
    rows.push([{ text: t(lang, 'time.copy'), callback_data: 'ts:c' }]);
  } else if (!project) lines.push('', t(lang, 'time.no_project'));
  const previous = new Date(Date.parse(`${w.from}T00:00:00Z`) - 7 * 86_400_000).toISOString().slice(0, 10);
  rows.push([
    { text: t(lang, 'time.prev'), callback_data: `ts:w:${compactDate(previous)}` },
    ...(thisWeek ? [] : [{ text: t(lang, 'time.this_week'), callback_data: 'ts:w' }]),
  ]);
  return { text: lines.join('\n'), keyboard: { inline_keyboard: rows } };
}

/** Entries shown per report: a long week is summed up by its totals (Telegram's message limit). */
const TEAM_ENTRIES_SHOWN = 12;
const weekBefore = (monday: string) => new Date(Date.parse(`${monday}T00:00:00Z`) - 7 * 86_400_000).toISOString().slice(0, 10);

/** A manager's week of their direct reports: each one's total, then their entries by day. */
export function teamView(lang: Language, w: TeamWeekView, thisWeek: boolean): { text: string; keyboard: InlineKeyboardMarkup } {
  const lines = [t(lang, 'time.team', { from: dm(w.from), to: dm(w.to) })];
  if (!w.reports.length) lines.push('', t(lang, 'time.team_none'));
  for (const r of w.reports) {
    lines.push('', t(lang, 'time.team_report', { name: html(r.fullName), total: duration(lang, r.totalMinutes) }));
    for (const e of r.entries.slice(0, TEAM_ENTRIES_SHOWN)) {
      const weekday = WEEKDAYS[lang][(new Date(`${e.date}T00:00:00Z`).getUTCDay() + 6) % 7];
      const task = e.task ? ` (${html(e.task)})` : '';
      const comment = e.comment ? ` — ${html(e.comment.slice(0, 80))}` : '';
      lines.push(`  ${weekday} ${dm(e.date)} · ${duration(lang, e.minutes)} · ${html(e.project)}${task}${comment}`);
    }
    if (r.entries.length > TEAM_ENTRIES_SHOWN) lines.push(`  ${t(lang, 'time.team_more', { count: r.entries.length - TEAM_ENTRIES_SHOWN })}`);
  }
  const rows = [
    [
      { text: t(lang, 'time.prev'), callback_data: `ts:t:${compactDate(weekBefore(w.from))}` },
      ...(thisWeek ? [] : [{ text: t(lang, 'time.this_week'), callback_data: 'ts:t' }]),
    ],
  ];
  return { text: lines.join('\n').slice(0, 4000), keyboard: { inline_keyboard: rows } };
}

export function loggedText(lang: Language, r: LogTimeResultDto): string {
  return r.entries
    .map((e: TimeEntryView) =>
      t(lang, 'time.logged', {
        minutes: duration(lang, e.minutes),
        project: html(e.project),
        task: e.task ? ` (${html(e.task)})` : '',
        date: dm(e.date),
        comment: e.comment ? ` — ${html(e.comment)}` : '',
      }),
    )
    .join('\n');
}

const REASONS = new Set([
  'day_limit',
  'period_closed',
  'not_assigned',
  'project_closed',
  'project_not_found',
  'before_hire',
  'future_date',
  'no_duration',
  'project_required',
  'too_long',
  'bad_date',
]);

/** A refusal of the API in the user's words (its own title for the rest). */
export function rejectedText(lang: Language, code: string | undefined, title: string): string {
  const reason = (code ?? '').replace(/^timesheets\.(text_)?/, '');
  return t(lang, 'time.rejected', { reason: REASONS.has(reason) ? t(lang, `time.reason.${reason}` as Parameters<typeof t>[1]) : html(title) });
}

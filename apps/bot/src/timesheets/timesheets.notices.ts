import type { TimesheetsNotice } from '@megabot/contracts';
import type { NoticeRenderer } from '../notifications/notice-message';
import { t } from './timesheets.i18n';
import { dm } from './timesheets.views';

const WEEKDAYS = { en: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'], ru: ['пн', 'вт', 'ср', 'чт', 'пт', 'сб', 'вс'] };
const weekday = (date: string) => (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7;

/** "No time logged for Mon 30.11, Tue 01.12. Log it: /time" */
export const renderTimesheetsNotice: NoticeRenderer<TimesheetsNotice> = (language, n) => {
  const lang = language ?? 'ru';
  const days = n.data.dates.map((d) => `${WEEKDAYS[lang][weekday(d)]} ${dm(d)}`).join(', ');
  return { text: t(lang, 'time.reminder', { days }) };
};

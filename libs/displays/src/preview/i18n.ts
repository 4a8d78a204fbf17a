import type { Lang } from '../protocol/payload-parser';

/** The fixed door-sign texts (firmware/core/i18n.cpp). */
export interface SignStrings {
  freeWord: string;
  busyWord: string;
  until: (hhmm: string) => string;
  restOfDay: string;
  noMore: string;
  more: (n: number) => string;
  busyTitle: string;
  checkinTitle: string;
  checkinHint: string;
  batteryLow: string;
  genericRoom: string;
  offlineWord: string;
  offlineDetail: string;
  offlineHint: string;
  code: (reason: string) => string;
  inactiveWord: string;
  inactiveDetail: string;
  inactiveHint: string;
  inactiveHeader: string;
  weekdays: string[];
  months: string[];
}

const RU: SignStrings = {
  freeWord: 'СВОБОДНО',
  busyWord: 'ЗАНЯТО',
  until: (t) => `до ${t}`,
  restOfDay: 'до конца дня',
  noMore: 'Сегодня встреч больше нет',
  more: (n) => `…и ещё ${n}`,
  busyTitle: 'Занято',
  checkinTitle: 'Подтвердите бронь',
  checkinHint: 'Отсканируйте QR-код, иначе бронь скоро снимется',
  batteryLow: 'Батарея разряжена',
  genericRoom: 'Переговорная',
  offlineWord: 'НЕТ СЕТИ',
  offlineDetail: 'Расписание недоступно',
  offlineHint: 'Табличка повторит попытку сама. Забронировать комнату можно в Telegram-боте.',
  code: (r) => `Код: ${r}`,
  inactiveWord: 'НЕ АКТИВНА',
  inactiveDetail: 'Не зарегистрирована',
  inactiveHint: 'Администратор: зарегистрируйте табличку в Telegram-боте по её ID:',
  inactiveHeader: 'Табличка переговорной',
  weekdays: ['Пн', 'Вт', 'Ср', 'Чт', 'Пт', 'Сб', 'Вс'],
  months: ['января', 'февраля', 'марта', 'апреля', 'мая', 'июня', 'июля', 'августа', 'сентября', 'октября', 'ноября', 'декабря'],
};

const EN: SignStrings = {
  freeWord: 'FREE',
  busyWord: 'BUSY',
  until: (t) => `until ${t}`,
  restOfDay: 'for the rest of the day',
  noMore: 'No more meetings today',
  more: (n) => `…and ${n} more`,
  busyTitle: 'Busy',
  checkinTitle: 'Please check in',
  checkinHint: 'Scan the QR code or the booking will be released soon',
  batteryLow: 'Battery low',
  genericRoom: 'Meeting room',
  offlineWord: 'OFFLINE',
  offlineDetail: 'Schedule unavailable',
  offlineHint: 'The display will retry by itself. Rooms can be booked in the Telegram bot.',
  code: (r) => `Code: ${r}`,
  inactiveWord: 'INACTIVE',
  inactiveDetail: 'Not registered',
  inactiveHint: 'Admin: register this display in the Telegram bot using its ID:',
  inactiveHeader: 'Room display',
  weekdays: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'],
  months: ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'],
};

export const stringsFor = (lang: Lang): SignStrings => (lang === 'en' ? EN : RU);

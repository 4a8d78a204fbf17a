import { defineCatalogue, sharedMessages, translator } from '../shared/i18n';

/** Texts of the seating plan: the command that opens the Web App, and the chat's menu button. */
export const seatingMessages = defineCatalogue({
  en: {
    'seating.open': "<b>Seating plan</b>\nFind a colleague's desk, see which rooms are free now, book a desk for a day.",
    'seating.button': 'Open the seating plan',
    'seating.menu_button': 'Office plan',
    'seating.private_only': 'The seating plan opens in a private chat with me: write /seating there.',
    'start.menu_seating': '/seating — the office plan: colleagues, free rooms, hot desks',
  },
  ru: {
    'seating.open': '<b>План офиса</b>\nНайдите стол коллеги, посмотрите, какие переговорные свободны сейчас, забронируйте стол на день.',
    'seating.button': 'Открыть план офиса',
    'seating.menu_button': 'План офиса',
    'seating.private_only': 'План офиса открывается в личном чате со мной: напишите /seating там.',
    'start.menu_seating': '/seating — план офиса: коллеги, свободные переговорные, столы на день',
  },
});

export const t = translator(sharedMessages, seatingMessages);

import { defineCatalogue, sharedMessages, translator } from '../shared/i18n';

/** Texts of signing in to the web front ends (admin site): the employee confirms in the bot. */
export const authMessages = defineCatalogue({
  en: {
    'auth.login_request': '🔐 Someone is signing in to the Megabot web site as you{device}.\n\nWas it you? The request expires at {until}.',
    'auth.login_device': ' from <i>{device}</i>',
    'auth.login_yes': '✅ It was me',
    'auth.login_no': '❌ Not me',
    'auth.login_confirmed': '✅ Signed in. You can return to the browser.',
    'auth.login_denied': '🚫 Refused. Nobody was signed in. If it was not you, tell your administrator.',
    'auth.login_gone': 'This sign-in is no longer waiting (it expired or was answered already).',
  },
  ru: {
    'auth.login_request': '🔐 Кто-то входит на сайт Megabot под вашим именем{device}.\n\nЭто вы? Запрос действует до {until}.',
    'auth.login_device': ' с <i>{device}</i>',
    'auth.login_yes': '✅ Это я',
    'auth.login_no': '❌ Это не я',
    'auth.login_confirmed': '✅ Вход подтверждён. Можно вернуться в браузер.',
    'auth.login_denied': '🚫 Отклонено. Никто не вошёл. Если это были не вы, сообщите администратору.',
    'auth.login_gone': 'Этот вход больше не ждёт ответа (истёк или уже подтверждён).',
  },
});

export const t = translator(sharedMessages, authMessages);

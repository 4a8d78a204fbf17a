/** Message catalogs; every key exists in both languages (checked by a test). */
export const catalogs = {
  en: {
    'start.greeting': 'Hello, {name}! I am the company bot.',
    'start.menu': 'Auction: /lots',
    'start.identity': 'You act as employee {employee}.',
    'lots.title': '<b>Open lots</b>',
    'lots.empty': 'There are no open lots right now.',
    'lot.price': 'Price: <b>{price}</b>',
    'lot.starting': 'Starting price: <b>{price}</b>',
    'lot.minimum': 'Minimum bid: {price}',
    'lot.leader': 'Leader: {leader}',
    'lot.bids': 'Bids: {count}',
    'lot.closes': 'Closes: {when}',
    'lot.closed': 'Closed',
    'button.bid': 'Bid {price}',
    'button.refresh': '↻ Refresh',
    'button.back': '« Lots',
    'bid.accepted': 'Your bid of {price} is accepted',
    'bid.too_low': 'Too low: the minimum is now {price}',
    'bid.rejected': 'Not accepted: {reason}',
    'error.generic': 'Something went wrong, try again in a moment',
    'error.not_found': 'This lot no longer exists',
    'notify.outbid': 'You have been outbid on «{title}».',
    'button.bid_again': 'Bid again',
    'notify.leading': 'You lead on «{title}».',
    'notify.won': 'You won «{title}» for {price}!',
    'notify.lost': '«{title}» closed; another bidder won.',
    'notify.sold': 'Your lot «{title}» sold for {price}.',
    'notify.not_sold': 'Your lot «{title}» closed unsold.',
    'notify.extended': '«{title}»: a late bid extended the auction.',
    'notify.cancelled': '«{title}» was cancelled.',
  },
  ru: {
    'start.greeting': 'Здравствуйте, {name}! Я корпоративный бот.',
    'start.menu': 'Аукцион: /lots',
    'start.identity': 'Вы действуете как сотрудник {employee}.',
    'lots.title': '<b>Открытые лоты</b>',
    'lots.empty': 'Сейчас открытых лотов нет.',
    'lot.price': 'Цена: <b>{price}</b>',
    'lot.starting': 'Стартовая цена: <b>{price}</b>',
    'lot.minimum': 'Минимальная ставка: {price}',
    'lot.leader': 'Лидер: {leader}',
    'lot.bids': 'Ставок: {count}',
    'lot.closes': 'Закрытие: {when}',
    'lot.closed': 'Закрыт',
    'button.bid': 'Ставка {price}',
    'button.refresh': '↻ Обновить',
    'button.back': '« Лоты',
    'bid.accepted': 'Ваша ставка {price} принята',
    'bid.too_low': 'Мало: минимум теперь {price}',
    'bid.rejected': 'Не принято: {reason}',
    'error.generic': 'Что-то пошло не так, попробуйте чуть позже',
    'error.not_found': 'Этого лота больше нет',
    'notify.outbid': 'Вашу ставку на «{title}» перебили.',
    'button.bid_again': 'Перебить',
    'notify.leading': 'Вы лидируете в «{title}».',
    'notify.won': 'Вы выиграли «{title}» за {price}!',
    'notify.lost': 'Торги «{title}» завершены, победил другой участник.',
    'notify.sold': 'Ваш лот «{title}» продан за {price}.',
    'notify.not_sold': 'Ваш лот «{title}» не продан.',
    'notify.extended': '«{title}»: поздняя ставка продлила торги.',
    'notify.cancelled': 'Лот «{title}» отменён.',
  },
} as const;

export type Language = keyof typeof catalogs;
export type MessageKey = keyof (typeof catalogs)['en'];

export function languageOf(code: string | undefined): Language {
  return code?.toLowerCase().startsWith('ru') ? 'ru' : 'en';
}

export function t(lang: Language, key: MessageKey, params: Record<string, string | number> = {}): string {
  return catalogs[lang][key].replace(/\{(\w+)\}/g, (_, k: string) => String(params[k] ?? `{${k}}`));
}

/** Minor units to a price like "1 500,00 ₽" / "RUB 1,500.00". */
export function money(lang: Language, minor: number, currency = 'RUB'): string {
  return new Intl.NumberFormat(lang === 'ru' ? 'ru-RU' : 'en-GB', { style: 'currency', currency }).format(minor / 100);
}

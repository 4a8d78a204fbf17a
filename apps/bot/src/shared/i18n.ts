/** Bot languages. */
export type Language = 'ru' | 'en';

/**
 * A catalogue of texts: every key in both languages (the compiler checks the keys, the i18n spec the placeholders).
 * Each feature keeps its texts in its own catalogue (auction/auction.i18n.ts, rooms/rooms.i18n.ts, …).
 */
export interface Catalogue<K extends string = string> {
  readonly en: Readonly<Record<K, string>>;
  readonly ru: Readonly<Record<K, string>>;
}

export function defineCatalogue<const E extends Record<string, string>>(catalogue: {
  en: E;
  ru: { readonly [K in keyof E]: string };
}): Catalogue<keyof E & string> {
  return catalogue as Catalogue<keyof E & string>;
}

type KeysOf<C extends readonly Catalogue[]> = { [I in keyof C]: C[I] extends Catalogue<infer K> ? K : never }[number];

/** Fills `{placeholders}` of the text of `key` in `lang`. */
export type Translate<K extends string> = (lang: Language, key: K, params?: Record<string, string | number>) => string;

/** A `t` over some catalogues: its keys are typed, a key of a catalogue not given does not compile. */
export function translator<const C extends readonly Catalogue[]>(...catalogues: C): Translate<KeysOf<C>> {
  const texts = { en: Object.assign({}, ...catalogues.map((c) => c.en)), ru: Object.assign({}, ...catalogues.map((c) => c.ru)) } as Record<
    Language,
    Record<string, string>
  >;
  return (lang, key, params = {}) => texts[lang][key].replace(/\{(\w+)\}/g, (_, k: string) => String(params[k] ?? `{${k}}`));
}

/** Texts every feature uses: the greeting, errors, conversation flows, the language choice. */
export const sharedMessages = defineCatalogue({
  en: {
    'start.greeting': 'Hello, {name}! I am the company bot.',
    'start.identity': 'You act as employee {employee}.',
    'error.generic': 'Something went wrong, try again in a moment',
    'flow.cancelled': 'Cancelled.',
    'flow.nothing_to_cancel': 'There is nothing to cancel.',
    'flow.stale_button': 'That button belongs to an earlier question; answer the latest one.',
    'flow.stale': 'This screen is out of date; here is the current one.',
    'flow.still_waiting': 'A question above still waits for your answer (or /cancel).',
    'flow.over': 'This question is over (answered, cancelled or timed out).',
    'flow.timed_out': 'The question I asked you earlier timed out after {minutes} min without an answer and is closed.',
    'fallback.help': 'I did not understand that. Here is what I can do:',
    'fallback.unknown_command': 'I do not know the command {command}. Here is what I can do:',
    'fallback.button_invalid': 'This button is no longer valid.',
    'fallback.current_screen': 'That button is no longer valid. Here is what I can do:',
    'language.choose': 'Language: <b>{current}</b>. Choose:',
    'language.name': 'English',
    'language.auto': 'As in Telegram',
    'language.saved': 'Language: {current}',
    'start.menu_language': 'Language: /language',
  },
  ru: {
    'start.greeting': 'Здравствуйте, {name}! Я корпоративный бот.',
    'start.identity': 'Вы действуете как сотрудник {employee}.',
    'error.generic': 'Что-то пошло не так, попробуйте чуть позже',
    'flow.cancelled': 'Отменено.',
    'flow.nothing_to_cancel': 'Отменять нечего.',
    'flow.stale_button': 'Эта кнопка от предыдущего вопроса; ответьте на последний.',
    'flow.stale': 'Этот экран устарел; вот актуальный.',
    'flow.still_waiting': 'Вопрос выше всё ещё ждёт ответа (или /cancel).',
    'flow.over': 'Этот вопрос закрыт (ответ дан, отменён или время вышло).',
    'flow.timed_out': 'Мой предыдущий вопрос остался без ответа {minutes} мин, время вышло, и он закрыт.',
    'fallback.help': 'Я не понял. Вот что я умею:',
    'fallback.unknown_command': 'Я не знаю команды {command}. Вот что я умею:',
    'fallback.button_invalid': 'Эта кнопка больше не действует.',
    'fallback.current_screen': 'Эта кнопка больше не действует. Вот что я умею:',
    'language.choose': 'Язык: <b>{current}</b>. Выберите:',
    'language.name': 'Русский',
    'language.auto': 'Как в Telegram',
    'language.saved': 'Язык: {current}',
    'start.menu_language': 'Язык: /language',
  },
});

export const t = translator(sharedMessages);
export type SharedMessageKey = Parameters<typeof t>[1];

export const LANGUAGES: readonly Language[] = ['ru', 'en'];

/** The bot's language for Telegram's `language_code` ("ru", "en-GB"…); undefined when the bot does not speak it. */
export function telegramLanguage(code: string | undefined): Language | undefined {
  const c = code?.toLowerCase();
  return c?.startsWith('ru') ? 'ru' : c?.startsWith('en') ? 'en' : undefined;
}

/**
 * The one language resolution for everything the bot writes to a user - replies, notifications, reminders: the
 * language they chose (/language), else their Telegram client's, else the deployment's default (BOT_DEFAULT_LANGUAGE).
 */
export function resolveLanguage(chosen: Language | null | undefined, telegram: Language | null | undefined, fallback: Language): Language {
  return chosen ?? telegram ?? fallback;
}

/** Minor units to a price like "1 500,00 ₽" / "RUB 1,500.00". */
export function money(lang: Language, minor: number, currency = 'RUB'): string {
  const key = `${lang}:${currency}`;
  let format = MONEY_FORMATS.get(key);
  if (!format) MONEY_FORMATS.set(key, (format = new Intl.NumberFormat(lang === 'ru' ? 'ru-RU' : 'en-GB', { style: 'currency', currency })));
  return format.format(minor / 100);
}
/** Formatters per language and currency: building one costs ~50 µs (a lot list prints a dozen prices; bench:bot's profile). */
const MONEY_FORMATS = new Map<string, Intl.NumberFormat>();

import type { DirectoryEntry } from './directory.search';

/**
 * Generated employees and queries for the directory's search quality test
 * and bench:directory: Russian names (mostly in Cyrillic, some stored as a
 * Latin passport spelling) and English names, unique full names, and
 * queries a colleague would type for one of them - the other script in one
 * of several transliteration schemes, a typo, a short form of the first
 * name, surname first, a prefix, a name with a department or office. A
 * seeded generator: the same seed gives the same fixture.
 */

export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    // mulberry32
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(rnd: () => number, items: readonly T[]): T => items[Math.floor(rnd() * items.length)];

/** Male first names with their short forms (the way colleagues call each other). */
const RU_MALE: Readonly<Record<string, readonly string[]>> = {
  Александр: ['Саша', 'Шура'],
  Алексей: ['Лёша', 'Алёша'],
  Андрей: ['Андрюша'],
  Антон: ['Антоша'],
  Артём: ['Тёма'],
  Борис: ['Боря'],
  Василий: ['Вася'],
  Виктор: ['Витя'],
  Владимир: ['Вова', 'Володя'],
  Вячеслав: ['Слава'],
  Георгий: ['Гоша', 'Жора'],
  Григорий: ['Гриша'],
  Дмитрий: ['Дима', 'Митя'],
  Евгений: ['Женя'],
  Иван: ['Ваня'],
  Игорь: [],
  Илья: [],
  Кирилл: [],
  Константин: ['Костя'],
  Максим: ['Макс'],
  Михаил: ['Миша'],
  Никита: [],
  Николай: ['Коля'],
  Павел: ['Паша'],
  Пётр: ['Петя'],
  Роман: ['Рома'],
  Сергей: ['Серёжа'],
  Станислав: ['Стас'],
  Фёдор: ['Федя'],
  Юрий: ['Юра'],
  Яков: ['Яша'],
};
const RU_FEMALE: Readonly<Record<string, readonly string[]>> = {
  Александра: ['Саша'],
  Анастасия: ['Настя'],
  Анна: ['Аня'],
  Валерия: ['Лера'],
  Дарья: ['Даша'],
  Екатерина: ['Катя'],
  Елена: ['Лена'],
  Елизавета: ['Лиза'],
  Ирина: ['Ира'],
  Ксения: ['Ксюша'],
  Людмила: ['Люда'],
  Мария: ['Маша'],
  Надежда: ['Надя'],
  Наталья: ['Наташа'],
  Ольга: ['Оля'],
  Полина: [],
  Светлана: ['Света'],
  Софья: ['Соня'],
  Татьяна: ['Таня'],
  Юлия: ['Юля'],
};
/** Male form; the female one adds -а to -ов/-ев/-ёв/-ин (others do not change). */
const RU_SURNAMES = `Иванов Петров Смирнов Кузнецов Попов Васильев Соколов Михайлов Новиков Фёдоров Морозов Волков Алексеев Лебедев Семёнов
Егоров Павлов Козлов Степанов Николаев Орлов Андреев Макаров Никитин Захаров Зайцев Соловьёв Борисов Яковлев Григорьев Романов
Воробьёв Сергеев Кузьмин Фролов Александров Дмитриев Королёв Гусев Киселёв Ильин Максимов Поляков Сорокин Виноградов Ковалёв Белов
Медведев Антонов Тарасов Жуков Баранов Филиппов Комаров Давыдов Беляев Герасимов Богданов Осипов Сидоров Матвеев Титов Марков
Миронов Крылов Куликов Карпов Власов Мельников Денисов Гаврилов Тихонов Казаков Афанасьев Данилов Савельев Тимофеев Фомин Чернов
Абрамов Мартынов Ефимов Федотов Щербаков Назаров Калинин Исаев Чернышёв Быков Маслов Родионов Коновалов Лазарев Воронин Климов
Филатов Пономарёв Голубев Кудрявцев Прохоров Наумов Потапов Журавлёв Овчинников Трофимов Леонов Соболев Ермаков Колесников Гончаров
Емельянов Никифоров Грачёв Котов Гришин Ефремов Архипов Громов Кириллов Малышев Панов Моисеев Румянцев Акимов Кондратьев Бирюков
Горбунов Анисимов Ерёмин Тихомиров Галкин Лукьянов Михеев Скворцов Юдин Белоусов Нестеров Симонов Прокофьев Харитонов Князев
Цветков Левин Митрофанов Воронов Аксёнов Мальцев Логинов Горшков Савин Краснов Майоров Демидов Елисеев Рыбаков Сафонов Плотников
Хохлов Жданов Цой Шевченко Ким Юсупов Щукин Хабибуллин`.split(/\s+/);

/** English names with their usual Russian spelling (how a Russian colleague types them). */
const EN_FIRST: Readonly<Record<string, string>> = {
  John: 'Джон',
  Michael: 'Майкл',
  David: 'Дэвид',
  James: 'Джеймс',
  Robert: 'Роберт',
  William: 'Уильям',
  Thomas: 'Томас',
  Christopher: 'Кристофер',
  Daniel: 'Дэниел',
  Matthew: 'Мэтью',
  Emily: 'Эмили',
  Sarah: 'Сара',
  Jessica: 'Джессика',
  Jennifer: 'Дженнифер',
  Elizabeth: 'Элизабет',
  Laura: 'Лора',
  Emma: 'Эмма',
  Olivia: 'Оливия',
};
const EN_LAST: Readonly<Record<string, string>> = {
  Smith: 'Смит',
  Johnson: 'Джонсон',
  Williams: 'Уильямс',
  Brown: 'Браун',
  Jones: 'Джонс',
  Miller: 'Миллер',
  Davis: 'Дэвис',
  Wilson: 'Уилсон',
  Anderson: 'Андерсон',
  Taylor: 'Тейлор',
  Moore: 'Мур',
  Jackson: 'Джексон',
  Martin: 'Мартин',
  Thompson: 'Томпсон',
  White: 'Уайт',
  Harris: 'Харрис',
  Clark: 'Кларк',
  Lewis: 'Льюис',
  Walker: 'Уокер',
  Hall: 'Холл',
  Young: 'Янг',
  King: 'Кинг',
  Wright: 'Райт',
  Scott: 'Скотт',
  Green: 'Грин',
  Baker: 'Бейкер',
  Adams: 'Адамс',
  Nelson: 'Нельсон',
  Carter: 'Картер',
  Mitchell: 'Митчелл',
  Roberts: 'Робертс',
  Turner: 'Тёрнер',
  Parker: 'Паркер',
  Evans: 'Эванс',
  Edwards: 'Эдвардс',
  Collins: 'Коллинз',
};
const EN_SHORT: Readonly<Record<string, readonly string[]>> = {
  Michael: ['Mike'],
  William: ['Bill', 'Will'],
  Robert: ['Bob', 'Rob'],
  Thomas: ['Tom'],
  Christopher: ['Chris'],
  Daniel: ['Dan'],
  Matthew: ['Matt'],
  David: ['Dave'],
  James: ['Jim'],
  Jennifer: ['Jenny'],
  Elizabeth: ['Liz'],
};

export const DEPARTMENTS = ['Разработка', 'Маркетинг', 'Продажи', 'Бухгалтерия', 'Юридический отдел', 'Engineering', 'Support', 'Design', 'Analytics', 'HR'];
export const POSITIONS = [
  'Разработчик',
  'Тестировщик',
  'Аналитик',
  'Менеджер проектов',
  'Дизайнер',
  'Бухгалтер',
  'Engineer',
  'Team Lead',
  'Recruiter',
  'Юрист',
];
export const OFFICES = ['Москва', 'Санкт-Петербург', 'Казань', 'Новосибирск', 'London', 'Berlin'];
const PROJECTS = ['MEGABOT', 'ACME', 'ORION', 'VEGA', 'ATLAS', 'NOVA', 'DELTA', 'KAPPA'];

/* ----------------------------------------------------- transliteration schemes */

const BASE: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', з: 'z', и: 'i', к: 'k', л: 'l', м: 'm', н: 'n', о: 'o', п: 'p',
  р: 'r', с: 's', т: 't', у: 'u', ф: 'f', ч: 'ch', ш: 'sh', э: 'e', ъ: '', ь: '', ж: 'zh',
}; // prettier-ignore
/** Russian passports since 2013 (ICAO). */
const ICAO = { ...BASE, ё: 'e', й: 'i', х: 'kh', ц: 'ts', щ: 'shch', ы: 'y', ю: 'iu', я: 'ia', ъ: 'ie' };
/** Older passports, BGN/PCGN, most English texts. */
const BGN = { ...BASE, ё: 'yo', й: 'y', х: 'kh', ц: 'ts', щ: 'shch', ы: 'y', ю: 'yu', я: 'ya', ь: '' };
/** GOST 7.79-2000 system B (without its apostrophes). */
const GOST_B = { ...BASE, ё: 'yo', й: 'j', х: 'x', ц: 'cz', щ: 'shh', ы: 'y', ю: 'yu', я: 'ya' };
/** What people type without a scheme in mind. */
const CASUAL = { ...BASE, ё: 'e', й: 'y', х: 'h', ц: 'ts', щ: 'sch', ы: 'y', ю: 'yu', я: 'ya' };
export const SCHEMES = { ICAO, BGN, GOST_B, CASUAL } as const;

export function transliterate(text: string, scheme: Readonly<Record<string, string>>): string {
  let out = '';
  for (const ch of text) {
    const lower = ch.toLowerCase();
    const t = scheme[lower];
    if (t === undefined) out += ch;
    else out += ch === lower ? t : t.charAt(0).toUpperCase() + t.slice(1);
  }
  return out;
}

/* --------------------------------------------------------------- employees */

export interface GeneratedEmployee extends DirectoryEntry {
  /** How the name was generated, for the queries. */
  origin: { kind: 'ru'; first: string; last: string; latin: boolean } | { kind: 'en'; first: string; last: string };
}

const femaleOf = (surname: string) => (/(ов|ев|ёв|ин)$/.test(surname) ? `${surname}а` : surname);

/** `count` employees with unique full names: 80% Russian (a sixth of them stored in Latin, as the passport spells them), 20% English. */
export function generateEmployees(count: number, seed = 17): GeneratedEmployee[] {
  const rnd = seededRandom(seed);
  const seen = new Set<string>();
  const out: GeneratedEmployee[] = [];
  const surnames = RU_SURNAMES.filter(Boolean);
  let guard = 0;
  while (out.length < count && guard++ < count * 50) {
    let fullName: string;
    let origin: GeneratedEmployee['origin'];
    if (rnd() < 0.8) {
      const female = rnd() < 0.45;
      const first = pick(rnd, Object.keys(female ? RU_FEMALE : RU_MALE));
      const male = pick(rnd, surnames);
      const last = female ? femaleOf(male) : male;
      const latin = rnd() < 1 / 6;
      fullName = latin ? transliterate(`${first} ${last}`, ICAO) : `${first} ${last}`;
      origin = { kind: 'ru', first, last, latin };
    } else {
      const first = pick(rnd, Object.keys(EN_FIRST));
      const last = pick(rnd, Object.keys(EN_LAST));
      fullName = `${first} ${last}`;
      origin = { kind: 'en', first, last };
    }
    if (seen.has(fullName.toLowerCase())) continue;
    seen.add(fullName.toLowerCase());
    const i = out.length;
    out.push({
      employeeId: `e-${String(i + 1).padStart(5, '0')}`,
      fullName,
      department: pick(rnd, DEPARTMENTS),
      position: pick(rnd, POSITIONS),
      office: pick(rnd, OFFICES),
      projects: [pick(rnd, PROJECTS)],
      origin,
    });
  }
  return out;
}

/* ----------------------------------------------------------------- queries */

export interface GeneratedQuery {
  query: string;
  /** Who the asker is looking for. */
  employeeId: string;
  kind: string;
}

const CYRILLIC_LETTERS = 'абвгдежзийклмнопрстуфхцчшщыэюя';
const LATIN_LETTERS = 'abcdefghijklmnopqrstuvwxyz';

/** One typo in a word of 5 letters or more: a letter replaced, dropped, doubled, or two neighbours swapped. */
export function withTypo(word: string, rnd: () => number): string {
  if (word.length < 5) return word;
  const letters = /[а-яё]/i.test(word) ? CYRILLIC_LETTERS : LATIN_LETTERS;
  const i = 1 + Math.floor(rnd() * (word.length - 2));
  switch (Math.floor(rnd() * 4)) {
    case 0:
      return word.slice(0, i) + pick(rnd, [...letters]) + word.slice(i + 1);
    case 1:
      return word.slice(0, i) + word.slice(i + 1);
    case 2:
      return word.slice(0, i) + word[i] + word.slice(i);
    default:
      return word.slice(0, i - 1) + word[i] + word[i - 1] + word.slice(i + 1);
  }
}

/** `count` queries for employees drawn at random, each of one kind (round robin over the kinds). */
export function generateQueries(employees: readonly GeneratedEmployee[], count: number, seed = 42): GeneratedQuery[] {
  const rnd = seededRandom(seed);
  const schemes = Object.values(SCHEMES);
  const kinds: ((e: GeneratedEmployee) => { kind: string; query: string } | null)[] = [
    // The other script: a Cyrillic name typed in Latin (any scheme), a Latin one typed in Cyrillic.
    (e) => {
      const o = e.origin;
      if (o.kind === 'en') return { kind: 'en-in-cyrillic', query: `${EN_FIRST[o.first]} ${EN_LAST[o.last]}` };
      return o.latin
        ? { kind: 'passport-in-cyrillic', query: `${o.first} ${o.last}` }
        : { kind: 'translit', query: transliterate(`${o.first} ${o.last}`, pick(rnd, schemes)) };
    },
    // A typo in the surname, first name as written.
    (e) => {
      const [first, ...rest] = e.fullName.split(' ');
      return { kind: 'typo', query: `${first} ${withTypo(rest.join(' '), rnd)}` };
    },
    // A short form of the first name and the surname.
    (e) => {
      const o = e.origin;
      const shorts = o.kind === 'ru' ? (RU_MALE[o.first] ?? RU_FEMALE[o.first] ?? []) : (EN_SHORT[o.first] ?? []);
      if (!shorts.length) return null;
      return { kind: 'nickname', query: `${pick(rnd, shorts)} ${o.kind === 'ru' ? o.last : o.last}` };
    },
    // Surname first, in Latin for a Russian name.
    (e) => {
      const o = e.origin;
      return o.kind === 'ru'
        ? { kind: 'surname-first-translit', query: transliterate(`${o.last} ${o.first}`, pick(rnd, schemes)) }
        : { kind: 'surname-first', query: `${o.last} ${o.first}` };
    },
    // As you type: the first name and the start of the surname.
    (e) => {
      const [first, last] = e.fullName.split(' ');
      return { kind: 'prefix', query: `${first} ${last.slice(0, Math.max(4, last.length - 2))}` };
    },
    // Surname with the department, in the other script with a typo.
    (e) => {
      const o = e.origin;
      const last = o.kind === 'ru' ? transliterate(o.last, pick(rnd, schemes)) : EN_LAST[o.last];
      return { kind: 'surname-department', query: `${withTypo(last, rnd)} ${o.kind === 'ru' ? o.first : EN_FIRST[o.first]} ${e.department}` };
    },
  ];
  const out: GeneratedQuery[] = [];
  for (let n = 0; out.length < count && n < count * 20; n++) {
    const target = pick(rnd, employees);
    const made = kinds[out.length % kinds.length](target);
    if (made) out.push({ ...made, employeeId: target.employeeId });
  }
  return out;
}

/** Names for random "stranger" users created from the dev chat. */
const FIRST_RU = ['Алексей', 'Мария', 'Дмитрий', 'Ольга', 'Иван', 'Елена', 'Сергей', 'Наталья', 'Павел', 'Ксения'];
const LAST_RU = ['Смирнов', 'Кузнецова', 'Попов', 'Васильева', 'Соколов', 'Морозова', 'Новиков', 'Волкова', 'Фёдоров', 'Лебедева'];
const FIRST_EN = ['Alex', 'Maria', 'John', 'Emma', 'Liam', 'Olivia', 'Noah', 'Ava', 'Lucas', 'Mia'];
const LAST_EN = ['Smith', 'Johnson', 'Brown', 'Taylor', 'Wilson', 'Davies', 'Evans', 'Thomas', 'Clark', 'Walker'];

const pick = <T>(list: T[]): T => list[Math.floor(Math.random() * list.length)];

export function randomPerson(language: 'ru' | 'en' = Math.random() < 0.5 ? 'ru' : 'en'): {
  first_name: string;
  last_name: string;
  language_code: string;
} {
  if (language === 'ru') {
    const first = pick(FIRST_RU);
    let last = pick(LAST_RU);
    const female = /[ая]$/.test(first);
    if (female && !/[ая]$/.test(last)) last += 'а';
    if (!female && /а$/.test(last)) last = last.slice(0, -1);
    return { first_name: first, last_name: last, language_code: 'ru' };
  }
  return { first_name: pick(FIRST_EN), last_name: pick(LAST_EN), language_code: 'en' };
}

import { nameSkeleton } from './transliteration';

/**
 * First names that stand for each other: the full Russian name, its common
 * short forms, and the English equivalents and nicknames. A word of a query
 * that is one of them also finds the others (Саша finds Александр and
 * Александра, Alex finds Alexander, Alexey and Alexandra, Mike finds
 * Михаил). A name may belong to several groups.
 */
const GROUPS: readonly string[] = [
  'Александр Саша Шура Саня Алекс Alexander Aleksandr Alex Sasha Sanya Shura Alexandr',
  'Александра Саша Шура Алекс Alexandra Aleksandra Alex Sasha Sandra',
  'Алексей Лёша Алёша Лёха Алекс Alexey Aleksei Alexei Alex Lesha Alyosha',
  'Анатолий Толя Толик Anatoly Anatolii Tolya',
  'Андрей Андрюша Андрюха Andrey Andrei Andrew Andy Drew',
  'Антон Антоша Тоша Anton Anthony Tony',
  'Артём Тёма Artem Artyom Tema',
  'Борис Боря Boris Borya',
  'Вадим Вадик Vadim',
  'Валентин Валя Valentin Valya Val',
  'Валентина Валя Valentina Valya Val',
  'Василий Вася Vasily Vasilii Vasya Basil',
  'Виктор Витя Viktor Victor Vitya Vic',
  'Виктория Вика Viktoria Victoria Vika Vicky',
  'Владимир Вова Володя Vladimir Vova Volodya',
  'Владислав Влад Слава Vladislav Vlad Slava',
  'Вячеслав Слава Vyacheslav Slava',
  'Ярослав Слава Yaroslav Slava',
  'Геннадий Гена Gennady Gennadii Gena',
  'Георгий Гоша Жора Georgy Georgii George Gosha Zhora',
  'Григорий Гриша Grigory Grigorii Gregory Grisha Greg',
  'Дмитрий Дима Митя Dmitry Dmitrii Dima Mitya',
  'Евгений Женя Evgeny Evgenii Yevgeny Eugene Zhenya Gene',
  'Евгения Женя Evgenia Evgeniia Eugenia Zhenya Jane',
  'Иван Ваня Ivan Vanya John',
  'Игорь Гарик Igor',
  'Илья Илюша Ilya Ilia Elijah',
  'Кирилл Кирюша Kirill Cyril',
  'Константин Костя Konstantin Constantine Kostya',
  'Леонид Лёня Leonid Lenya',
  'Лев Лёва Lev Leo Lyova',
  'Максим Макс Maxim Maksim Max',
  'Михаил Миша Mikhail Michael Misha Mike Mick',
  'Никита Nikita',
  'Николай Коля Nikolay Nikolai Nicholas Nick Kolya',
  'Павел Паша Pavel Paul Pasha',
  'Пётр Петя Petr Pyotr Peter Pete Petya',
  'Роман Рома Roman Roma',
  'Сергей Серёжа Серёга Sergey Sergei Serge Seryozha',
  'Станислав Стас Stanislav Stas Stan',
  'Степан Стёпа Stepan Stephen Steven Steve Styopa',
  'Тимофей Тима Timofey Timothy Tim',
  'Фёдор Федя Fedor Fyodor Theodore Ted Fedya',
  'Юрий Юра Yury Yurii Yuri Yura',
  'Яков Яша Yakov Jacob Jake Yasha',
  'Анастасия Настя Ася Anastasia Anastasiia Nastya Stacy',
  'Анна Аня Анечка Anna Anya Ann Annie',
  'Валерия Лера Valeria Valeriia Lera',
  'Галина Галя Galina Galya',
  'Дарья Даша Daria Darya Dasha',
  'Екатерина Катя Катерина Ekaterina Yekaterina Katerina Catherine Katherine Kate Katya Katie',
  'Елена Лена Elena Yelena Helen Helena Lena',
  'Елизавета Лиза Elizaveta Elizabeth Liza Liz Lisa Beth',
  'Ирина Ира Irina Ira Irene',
  'Ксения Ксюша Kseniya Ksenia Kseniia Ksyusha',
  'Людмила Люда Мила Lyudmila Liudmila Ludmila Lyuda Mila',
  'Любовь Люба Lyubov Liubov Lyuba',
  'Маргарита Рита Margarita Margaret Rita',
  'Мария Маша Маруся Maria Mariya Mariia Mary Masha',
  'Надежда Надя Nadezhda Nadya Nadia Hope',
  'Наталья Наталия Наташа Natalia Natalya Nataliia Natalie Natasha',
  'Ольга Оля Olga Olya',
  'Полина Поля Polina Polya Pauline',
  'Светлана Света Svetlana Sveta Lana',
  'Софья София Соня Sofia Sofya Sophia Sophie Sonya',
  'Татьяна Таня Tatiana Tatyana Tatiana Tanya',
  'Юлия Юля Yulia Iuliia Julia Yulya Julie',
  'Christopher Кристофер Chris Крис',
  'Christina Кристина Chris Крис Kristina',
  'Daniel Даниил Данила Дэниел Dan Danny Даня Danila Daniil',
  'David Давид Дэвид Dave',
  'James Джеймс Jim Jimmy',
  'Joseph Иосиф Джозеф Joe',
  'Matthew Матвей Мэтью Matt Matvey',
  'Robert Роберт Rob Bob Bobby',
  'Samuel Самуил Сэм Sam',
  'Thomas Томас Фома Tom Tommy',
  'William Уильям Вильям Will Bill Billy',
  'Jennifer Дженнифер Jenny Jen',
  'Benjamin Вениамин Бенджамин Ben Veniamin',
  'Edward Эдуард Эдвард Ed Eddie Eduard',
];

/** Skeleton of a name -> skeletons of every name it stands for (itself included). */
const EQUIVALENTS: ReadonlyMap<string, readonly string[]> = (() => {
  const groupsOf = new Map<string, Set<string>>();
  for (const line of GROUPS) {
    const members = [...new Set(line.split(' ').map(nameSkeleton).filter(Boolean))];
    for (const m of members) {
      const set = groupsOf.get(m) ?? new Set<string>();
      members.forEach((x) => set.add(x));
      groupsOf.set(m, set);
    }
  }
  return new Map([...groupsOf].map(([k, v]) => [k, [...v]]));
})();

/** The names (skeletons) a first name stands for, the name itself first; just the name when it is in no group. */
export function firstNameEquivalents(skeleton: string): readonly string[] {
  const found = EQUIVALENTS.get(skeleton);
  return found ? [skeleton, ...found.filter((s) => s !== skeleton)] : [skeleton];
}

import { DirectorySearchIndex, editDistance, wordScore } from './directory.search';
import { generateEmployees, generateQueries, SCHEMES, transliterate } from './directory.fixtures';
import { nameSkeleton } from './transliteration';

describe('name skeletons: one form for the spellings of a name', () => {
  it.each([
    ['Юлия', 'Yulia', 'Iuliia', 'Julia'],
    ['Алексей', 'Alexey', 'Aleksei', 'Alexei', 'Aleksej'],
    ['Щукин', 'Shchukin', 'Schukin', 'Shhukin'],
    ['Фёдор', 'Fyodor', 'Fedor', 'Федор'],
    ['Хабибуллин', 'Khabibullin', 'Habibulin'],
    ['Цой', 'Tsoy', 'Tsoi', 'Czoj'],
    ['Крылов', 'Krylov', 'Krilov'],
    ['Мария', 'Mariya', 'Maria', 'Mariia'],
  ])('%s = %s = ...', (...spellings) => {
    const skeletons = new Set(spellings.map(nameSkeleton));
    expect(skeletons.size).toBe(1);
  });

  it('keeps different names apart', () => {
    expect(nameSkeleton('Иванов')).not.toBe(nameSkeleton('Иванова'));
    expect(nameSkeleton('Петров')).not.toBe(nameSkeleton('Петухов'));
  });
});

describe('word matching', () => {
  it('edit distance counts a swap of neighbours as one typo and stops past the bound', () => {
    expect(editDistance('ivanov', 'ivnaov', 2)).toBe(1);
    expect(editDistance('ivanov', 'ivanova', 2)).toBe(1);
    expect(editDistance('smirnov', 'kuznecov', 2)).toBe(3);
  });

  it('scores equal > one typo > prefix of a long word > two typos, and short words need to be exact or a prefix', () => {
    expect(wordScore('petrov', 'petrov')).toBe(1);
    expect(wordScore('petrv', 'petrov')).toBeGreaterThan(0.8);
    expect(wordScore('pet', 'petrov')).toBeGreaterThan(0.7);
    expect(wordScore('kim', 'kin')).toBe(0);
  });
});

describe('directory search', () => {
  const people = [
    { employeeId: 'e-1', fullName: 'Александр Иванов', department: 'Разработка', position: 'Разработчик', office: 'Москва', projects: ['MEGABOT'] },
    { employeeId: 'e-2', fullName: 'Александра Иванова', department: 'Маркетинг', position: 'Аналитик', office: 'Казань', projects: [] },
    { employeeId: 'e-3', fullName: 'Michael Smith', department: 'Engineering', position: 'Team Lead', office: 'London', projects: ['ACME'] },
    { employeeId: 'e-4', fullName: 'Iuliia Shchukina', department: 'Design', position: 'Дизайнер', office: 'Москва', projects: ['ACME'] },
    { employeeId: 'e-5', fullName: 'Дмитрий Петров', department: 'Разработка', position: 'Тестировщик', office: 'Москва', projects: ['MEGABOT'] },
  ];
  const index = new DirectorySearchIndex();
  people.forEach((p) => index.upsert(p));
  const top = (q: string, filters = {}) => index.search(q, { filters }).map((h) => h.employeeId);

  it('finds by name in either script and scheme, with typos and short forms', () => {
    expect(top('Aleksandr Ivanov')[0]).toBe('e-1');
    expect(top('Юлия Щукина')[0]).toBe('e-4');
    expect(top('Майкл Смит')[0]).toBe('e-3');
    expect(top('Mike Smith')[0]).toBe('e-3');
    expect(top('Миша Смит')[0]).toBe('e-3');
    expect(top('Саша Иванова')[0]).toBe('e-2');
    expect(top('Дима')[0]).toBe('e-5');
    expect(top('Петрво')[0]).toBe('e-5');
    expect(top('Ивано')).toEqual(expect.arrayContaining(['e-1', 'e-2']));
  });

  it('finds by department, office, project and position, and narrows by filters', () => {
    expect(top('разработка').sort()).toEqual(['e-1', 'e-5']);
    expect(top('acme').sort()).toEqual(['e-3', 'e-4']);
    expect(top('Тестировщик')).toEqual(['e-5']);
    expect(top('Иванов Маркетинг')[0]).toBe('e-2');
    expect(top('', { office: 'москва' })).toEqual(['e-1', 'e-5', 'e-4']); // by name, Cyrillic first (Russian collation)
    expect(top('Иванов', { office: 'Казань' })).toEqual(['e-2']);
  });

  it('follows changes: an update re-indexes, a removal forgets', () => {
    const i = new DirectorySearchIndex();
    people.forEach((p) => i.upsert(p));
    i.upsert({ ...people[4], fullName: 'Дмитрий Сидоров' });
    expect(i.search('Петров').map((h) => h.employeeId)).not.toContain('e-5');
    expect(i.search('Сидоров')[0].employeeId).toBe('e-5');
    i.remove('e-5');
    expect(i.search('Сидоров')).toEqual([]);
    expect(i.size).toBe(4);
  });

  it('puts the right person in the top 3 for at least 95% of 200 generated queries over 1,000 generated employees', () => {
    const employees = generateEmployees(1000);
    expect(new Set(employees.map((e) => e.fullName.toLowerCase())).size).toBe(1000);
    const i = new DirectorySearchIndex();
    employees.forEach((e) => i.upsert(e));
    const queries = generateQueries(employees, 200);
    expect(queries).toHaveLength(200);
    const misses = queries.filter((q) => !i.search(q.query, { limit: 3 }).some((h) => h.employeeId === q.employeeId));
    const byKind = new Map<string, number>();
    misses.forEach((m) => byKind.set(m.kind, (byKind.get(m.kind) ?? 0) + 1));
    const rate = (queries.length - misses.length) / queries.length;
    // Shown when it fails: which queries missed, for whom.
    const report = misses.map((m) => `${m.kind}: "${m.query}" -> ${employees.find((e) => e.employeeId === m.employeeId)!.fullName}`).join('\n');
    expect({ rate: rate >= 0.95, report: rate >= 0.95 ? '' : report }).toEqual({ rate: true, report: '' });
  });

  it('the generator transliterates with each scheme differently', () => {
    const spellings = Object.values(SCHEMES).map((s) => transliterate('Щукина Юлия', s));
    expect(new Set(spellings).size).toBe(4);
  });
});

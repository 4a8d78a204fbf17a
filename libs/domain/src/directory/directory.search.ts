import { firstNameEquivalents } from './first-names';
import { nameSkeleton, wordsOf } from './transliteration';

/**
 * The directory's search as a plain in-memory index (no I/O): the API keeps
 * one, fed by the directory read model, and answers every query from it.
 *
 * Every word of a name, department, position, office and project is indexed
 * by its skeleton (transliteration.ts), so a query in either script and any
 * common transliteration meets the same words. A word of the query is
 * compared with each distinct indexed word: equal, a prefix (search as you
 * type), or within an edit distance that grows with its length (one typo up
 * to 6 letters, two beyond; Damerau: a swap of neighbours is one typo). A
 * query word that is a first name also finds the names it stands for
 * (first-names.ts). An employee's score is the sum over the query words of
 * the best match among their words, a name word counting more than the
 * other fields; people matching more of the query words come first.
 *
 * The distinct words are far fewer than the employees (names repeat), so a
 * query costs a pass over the vocabulary plus the postings of the words it
 * matched: bench:directory measures it over 10,000 employees.
 */

export interface DirectoryEntry {
  employeeId: string;
  fullName: string;
  department: string;
  position: string;
  office: string;
  projects: readonly string[];
}

export const SEARCH_FIELDS = ['name', 'department', 'position', 'office', 'project'] as const;
export type SearchField = (typeof SEARCH_FIELDS)[number];

export interface SearchFilters {
  department?: string;
  office?: string;
  project?: string;
  position?: string;
}

export interface SearchHit {
  employeeId: string;
  /** Higher is better; comparable within one query only. */
  score: number;
  /** The fields the query matched, in SEARCH_FIELDS order. */
  matched: SearchField[];
}

const FIELD_WEIGHT: Readonly<Record<SearchField, number>> = { name: 1, department: 0.75, position: 0.75, office: 0.75, project: 0.75 };
/** A name found through another form of the first name (Саша for Александр) counts a little less than the name typed. */
const EQUIVALENT_FACTOR = 0.95;
const MAX_QUERY_WORDS = 8;

/** Optimal string alignment distance (Damerau-Levenshtein without re-edits), or `max + 1` once it must exceed `max`. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  if (a === b) return 0;
  const n = b.length;
  let prev2 = new Array<number>(n + 1).fill(0);
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  let cur = new Array<number>(n + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    for (let j = 1; j <= n; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a.charCodeAt(i - 1) === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === b.charCodeAt(j - 1)) v = Math.min(v, prev2[j - 2] + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[n];
}

const typosAllowed = (length: number) => (length <= 3 ? 0 : length <= 6 ? 1 : 2);

/** How well a query word (skeleton) matches an indexed word (skeleton): 1 equal, less for a prefix or typos, 0 no match. */
export function wordScore(query: string, word: string): number {
  if (query === word) return 1;
  if (query.length >= 2 && word.startsWith(query)) return 0.7 + (0.25 * query.length) / word.length;
  const max = typosAllowed(query.length);
  if (max === 0) return 0;
  if (Math.abs(word.length - query.length) <= max) {
    const d = editDistance(query, word, max);
    if (d <= max) return 1 - 0.18 * d;
  }
  // A typo in what is typed so far.
  if (word.length > query.length && editDistance(query, word.slice(0, query.length), 1) <= 1) return 0.55;
  return 0;
}

interface Doc {
  entry: DirectoryEntry;
  words: Map<string, SearchField>;
  /** Sort key of the name. */
  name: string;
}

export class DirectorySearchIndex {
  private readonly docs = new Map<string, Doc>();
  /** word (skeleton) -> employee id -> the most important field it is in */
  private readonly postings = new Map<string, Map<string, SearchField>>();

  get size(): number {
    return this.docs.size;
  }

  has(employeeId: string): boolean {
    return this.docs.has(employeeId);
  }

  /** Adds or replaces an employee. */
  upsert(entry: DirectoryEntry): void {
    this.remove(entry.employeeId);
    const words = new Map<string, SearchField>();
    const add = (text: string, field: SearchField) => {
      for (const w of wordsOf(text)) {
        const s = nameSkeleton(w);
        const had = words.get(s);
        if (s && (!had || FIELD_WEIGHT[field] > FIELD_WEIGHT[had])) words.set(s, field);
      }
    };
    add(entry.fullName, 'name');
    add(entry.department, 'department');
    add(entry.position, 'position');
    add(entry.office, 'office');
    entry.projects.forEach((p) => add(p, 'project'));
    this.docs.set(entry.employeeId, { entry, words, name: entry.fullName.toLowerCase() });
    for (const [w, field] of words) {
      let p = this.postings.get(w);
      if (!p) this.postings.set(w, (p = new Map()));
      p.set(entry.employeeId, field);
    }
  }

  remove(employeeId: string): void {
    const doc = this.docs.get(employeeId);
    if (!doc) return;
    this.docs.delete(employeeId);
    for (const w of doc.words.keys()) {
      const p = this.postings.get(w);
      p?.delete(employeeId);
      if (p && p.size === 0) this.postings.delete(w);
    }
  }

  entry(employeeId: string): DirectoryEntry | undefined {
    return this.docs.get(employeeId)?.entry;
  }

  /**
   * The best matches for a free-text query within the filters (each an exact
   * field value, case-insensitive). An empty query lists the employees the
   * filters admit, by name.
   */
  search(query: string, options: { limit?: number; filters?: SearchFilters } = {}): SearchHit[] {
    const limit = options.limit ?? 10;
    const admits = this.filterOf(options.filters ?? {});
    const words = [...new Set(wordsOf(query).map(nameSkeleton).filter(Boolean))].slice(0, MAX_QUERY_WORDS);
    if (!words.length) {
      const all = [...this.docs.values()].filter((d) => admits(d.entry));
      return all
        .sort((a, b) => a.name.localeCompare(b.name))
        .slice(0, limit)
        .map((d) => ({ employeeId: d.entry.employeeId, score: 0, matched: [] }));
    }
    const perWord = words.map((w) => this.matchWord(w));
    const candidates = new Map<string, { score: number; count: number; fields: Set<SearchField> }>();
    perWord.forEach((best) => {
      for (const [id, m] of best) {
        const c = candidates.get(id) ?? { score: 0, count: 0, fields: new Set<SearchField>() };
        c.score += m.score;
        c.count++;
        c.fields.add(m.field);
        candidates.set(id, c);
      }
    });
    const needed = Math.ceil(words.length / 2);
    const hits: (SearchHit & { count: number; name: string })[] = [];
    for (const [id, c] of candidates) {
      if (c.count < needed) continue;
      const doc = this.docs.get(id)!;
      if (!admits(doc.entry)) continue;
      hits.push({ employeeId: id, score: c.score, count: c.count, name: doc.name, matched: SEARCH_FIELDS.filter((f) => c.fields.has(f)) });
    }
    hits.sort((a, b) => b.count - a.count || b.score - a.score || a.name.localeCompare(b.name));
    return hits.slice(0, limit).map(({ employeeId, score, matched }) => ({ employeeId, score: Math.round(score * 1000) / 1000, matched }));
  }

  /** Per employee, the best score of one query word among their words. */
  private matchWord(query: string): Map<string, { score: number; field: SearchField }> {
    const best = new Map<string, { score: number; field: SearchField }>();
    const offer = (word: string, score: number) => {
      for (const [id, field] of this.postings.get(word)!) {
        const v = score * FIELD_WEIGHT[field];
        const had = best.get(id);
        if (!had || had.score < v) best.set(id, { score: v, field });
      }
    };
    for (const word of this.postings.keys()) {
      const s = wordScore(query, word);
      if (s > 0) offer(word, s);
    }
    for (const equivalent of this.equivalentsOf(query)) if (this.postings.has(equivalent)) offer(equivalent, EQUIVALENT_FACTOR);
    return best;
  }

  private filterOf(filters: SearchFilters): (entry: DirectoryEntry) => boolean {
    const norm = (v: string) => v.trim().toLowerCase();
    const department = filters.department && norm(filters.department);
    const office = filters.office && norm(filters.office);
    const position = filters.position && norm(filters.position);
    const project = filters.project && norm(filters.project);
    return (e) =>
      (!department || norm(e.department) === department) &&
      (!office || norm(e.office) === office) &&
      (!position || norm(e.position) === position) &&
      (!project || e.projects.some((p) => norm(p) === project));
  }

  /** Other forms of the first name the query word is, or is one typo away from. */
  private equivalentsOf(query: string): string[] {
    const forms = new Set(firstNameEquivalents(query));
    forms.delete(query);
    return [...forms];
  }
}

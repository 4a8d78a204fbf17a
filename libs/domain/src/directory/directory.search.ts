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
const COLLATOR = new Intl.Collator(['ru', 'en']);

const BUFFER = 64;
let rows = [new Int32Array(BUFFER), new Int32Array(BUFFER), new Int32Array(BUFFER)];

/** Optimal string alignment distance (Damerau-Levenshtein without re-edits), or `max + 1` once it must exceed `max`. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  if (a === b) return 0;
  const n = b.length;
  if (n + 1 > rows[0].length) rows = [0, 1, 2].map(() => new Int32Array(n + 1));
  let [prev2, prev, cur] = rows;
  for (let j = 0; j <= n; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    const ai = a.charCodeAt(i - 1);
    for (let j = 1; j <= n; j++) {
      const bj = b.charCodeAt(j - 1);
      let v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ai === bj ? 0 : 1));
      if (i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === bj) v = Math.min(v, prev2[j - 2] + 1);
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
  // A typo in what is typed so far (not in its first letter).
  if (word.length > query.length && word.charCodeAt(0) === query.charCodeAt(0) && editDistance(query, word.slice(0, query.length), 1) <= 1) return 0.55;
  return 0;
}

interface Doc {
  slot: number;
  entry: DirectoryEntry;
  /** word -> index of the most important field it is in (SEARCH_FIELDS) */
  words: Map<string, number>;
  /** Sort key of the name. */
  name: string;
}

const WEIGHTS = SEARCH_FIELDS.map((f) => FIELD_WEIGHT[f]);

/** The first index of a sorted array whose item is not less than `key`. */
function lowerBound(sorted: readonly string[], key: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Per-query scratch space indexed by an employee's slot (no allocation per
 * candidate: a query matching an office or a department touches thousands).
 */
class Scratch {
  best = new Float64Array(0);
  field = new Uint8Array(0);
  total = new Float64Array(0);
  count = new Uint8Array(0);
  fields = new Uint8Array(0);
  ensure(size: number) {
    if (this.best.length >= size) return;
    const n = Math.max(size, this.best.length * 2, 1024);
    this.best = new Float64Array(n);
    this.field = new Uint8Array(n);
    this.total = new Float64Array(n);
    this.count = new Uint8Array(n);
    this.fields = new Uint8Array(n);
  }
}

export class DirectorySearchIndex {
  private readonly docs = new Map<string, Doc>();
  private readonly bySlot: (Doc | undefined)[] = [];
  private readonly freeSlots: number[] = [];
  /** word (skeleton) -> slot of the employee -> index of the most important field it is in */
  private readonly postings = new Map<string, Map<number, number>>();
  /** The vocabulary sorted (prefix ranges by binary search) and by length (typo candidates); rebuilt after it changes. */
  private sorted: string[] | null = null;
  private byLength = new Map<number, string[]>();
  private readonly scratch = new Scratch();

  get size(): number {
    return this.docs.size;
  }

  has(employeeId: string): boolean {
    return this.docs.has(employeeId);
  }

  /** Adds or replaces an employee. */
  upsert(entry: DirectoryEntry): void {
    this.remove(entry.employeeId);
    const words = new Map<string, number>();
    const add = (text: string, field: SearchField) => {
      const f = SEARCH_FIELDS.indexOf(field);
      for (const w of wordsOf(text)) {
        const s = nameSkeleton(w);
        const had = words.get(s);
        if (s && (had === undefined || WEIGHTS[f] > WEIGHTS[had])) words.set(s, f);
      }
    };
    add(entry.fullName, 'name');
    add(entry.department, 'department');
    add(entry.position, 'position');
    add(entry.office, 'office');
    entry.projects.forEach((p) => add(p, 'project'));
    const slot = this.freeSlots.pop() ?? this.bySlot.length;
    const doc: Doc = { slot, entry, words, name: entry.fullName.toLowerCase() };
    this.docs.set(entry.employeeId, doc);
    this.bySlot[slot] = doc;
    for (const [w, field] of words) {
      let p = this.postings.get(w);
      if (!p) {
        this.postings.set(w, (p = new Map()));
        this.sorted = null;
      }
      p.set(slot, field);
    }
  }

  remove(employeeId: string): void {
    const doc = this.docs.get(employeeId);
    if (!doc) return;
    this.docs.delete(employeeId);
    this.bySlot[doc.slot] = undefined;
    this.freeSlots.push(doc.slot);
    for (const w of doc.words.keys()) {
      const p = this.postings.get(w);
      p?.delete(doc.slot);
      if (p && p.size === 0) {
        this.postings.delete(w);
        this.sorted = null;
      }
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
        .sort((a, b) => COLLATOR.compare(a.name, b.name))
        .slice(0, limit)
        .map((d) => ({ employeeId: d.entry.employeeId, score: 0, matched: [] }));
    }
    const s = this.scratch;
    s.ensure(this.bySlot.length);
    const touched: number[] = [];
    for (const word of words) {
      const hit = this.matchWord(word);
      for (const slot of hit) {
        if (s.count[slot] === 0) touched.push(slot);
        s.total[slot] += s.best[slot];
        s.count[slot]++;
        s.fields[slot] |= 1 << s.field[slot];
        s.best[slot] = 0;
      }
    }
    const needed = Math.ceil(words.length / 2);
    const hits: { doc: Doc; score: number; count: number; fields: number }[] = [];
    for (const slot of touched) {
      const doc = this.bySlot[slot]!;
      if (s.count[slot] >= needed && admits(doc.entry)) hits.push({ doc, score: s.total[slot], count: s.count[slot], fields: s.fields[slot] });
      s.total[slot] = 0;
      s.count[slot] = 0;
      s.fields[slot] = 0;
    }
    // Numbers first, then the name in code-point order: a query matching an office or a department can hit thousands.
    hits.sort((a, b) => b.count - a.count || b.score - a.score || (a.doc.name < b.doc.name ? -1 : a.doc.name > b.doc.name ? 1 : 0));
    return hits.slice(0, limit).map((h) => ({
      employeeId: h.doc.entry.employeeId,
      score: Math.round(h.score * 1000) / 1000,
      matched: SEARCH_FIELDS.filter((_, i) => h.fields & (1 << i)),
    }));
  }

  /**
   * One query word against the index: leaves in the scratch space, per employee slot, the best score among their
   * words and its field; answers the slots touched.
   */
  private matchWord(query: string): number[] {
    const s = this.scratch;
    const touched: number[] = [];
    const offer = (word: string, score: number) => {
      for (const [slot, field] of this.postings.get(word)!) {
        const v = score * WEIGHTS[field];
        if (s.best[slot] === 0) touched.push(slot);
        if (s.best[slot] < v) {
          s.best[slot] = v;
          s.field[slot] = field;
        }
      }
    };
    for (const [word, score] of this.candidates(query)) offer(word, score);
    for (const equivalent of this.equivalentsOf(query)) if (this.postings.has(equivalent)) offer(equivalent, EQUIVALENT_FACTOR);
    return touched;
  }

  /**
   * The words a query word may match, with their wordScore: only those that can score - the words it starts
   * (a range of the sorted vocabulary), the words within the allowed typos (by length), and for a typo in what is
   * typed so far the longer words with the same first letter.
   */
  private candidates(query: string): Map<string, number> {
    const sorted = this.vocabulary();
    const found = new Map<string, number>();
    const consider = (word: string) => {
      if (found.has(word)) return;
      const s = wordScore(query, word);
      if (s > 0) found.set(word, s);
    };
    for (let i = lowerBound(sorted, query); i < sorted.length && sorted[i].startsWith(query); i++) consider(sorted[i]);
    const max = typosAllowed(query.length);
    if (max === 0) return found;
    for (let len = query.length - max; len <= query.length + max; len++) for (const word of this.byLength.get(len) ?? []) consider(word);
    const first = query.charAt(0);
    for (let i = lowerBound(sorted, first); i < sorted.length && sorted[i].charAt(0) === first; i++)
      if (sorted[i].length > query.length + max) consider(sorted[i]);
    return found;
  }

  private vocabulary(): string[] {
    if (this.sorted) return this.sorted;
    this.sorted = [...this.postings.keys()].sort();
    this.byLength = new Map();
    for (const w of this.sorted) {
      const list = this.byLength.get(w.length);
      if (list) list.push(w);
      else this.byLength.set(w.length, [w]);
    }
    return this.sorted;
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

import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CLEARANCE_LEVELS, KNOWLEDGE_ACCESS_TOKEN_PATTERN, type ClearanceLevel, type KnowledgeAccess } from '@megabot/contracts';
import type { KnowledgeDocumentSnapshot } from '@megabot/domain';
import { extensionOf, fileToText, READABLE_FILE_EXTENSIONS } from './office-text';
import {
  documentSnapshot,
  NO_ACCESS,
  type EmployeeLookup,
  type KnowledgeChangePage,
  type KnowledgeConnector,
  type MirroredGroups,
} from './knowledge-connector';

/** Per-folder permissions (this folder and below, nearest wins) and per-file ones (`<file>.access.json`). */
export const FOLDER_ACCESS_FILE = '.access.json';
export const ACCESS_SUFFIX = '.access.json';
/** Group membership of the share, at its root. */
export const GROUPS_FILE = '.groups.json';
const PAGE = 100;

/**
 * The sidecar format (JSON):
 *   { "public": false, "allow": ["group:hr", "department:finance", "email:anna@corp.example", "user:e-17"], "classification": "internal" }
 * `group:<name>` is the share's own group (becomes `group:<sourceId>/<name>`, members in .groups.json);
 * `email:<address>` is resolved to `user:<employeeId>` (unresolved ones are dropped: they let nobody in);
 * `department:`, `office:`, `project:`, `user:` tokens are taken as they are. A file with no sidecar on its way up
 * to the root is readable by nobody.
 */
export interface ShareAccessFile {
  public?: boolean;
  allow?: string[];
  classification?: ClearanceLevel;
}

export interface FileShareOptions {
  sourceId: string;
  /** Absolute or relative path of the share's folder. */
  root: string;
  /** Links in citations: `<baseUrl>/<path>`; default a file:// URL. */
  baseUrl?: string;
  /** Classification of documents whose sidecar names none. */
  classification?: ClearanceLevel;
  employees: EmployeeLookup;
}

interface ShareFile {
  nativeId: string;
  path: string;
  /** The newest of the file's and its sidecars' modification times: a permission edit is a change too. */
  modifiedMs: number;
  accessFiles: string[];
}

/** A folder of company documents (Markdown, HTML, text, PDF, DOCX), permissions from sidecar files. Cursor: the newest modification time seen (ms). */
export class FileShareConnector implements KnowledgeConnector {
  readonly sourceId: string;
  private readonly root: string;

  constructor(private readonly options: FileShareOptions) {
    this.sourceId = options.sourceId;
    this.root = resolve(options.root);
  }

  async *changes(cursor: string | null): AsyncIterable<KnowledgeChangePage> {
    const since = cursor === null ? -1 : Number(cursor);
    const files = await this.walk();
    const changed = files.filter((f) => f.modifiedMs > since);
    let newest = Math.max(since, ...files.map((f) => f.modifiedMs));
    if (!Number.isFinite(newest)) newest = since;
    const accessCache = new Map<string, Promise<KnowledgeAccess>>();
    for (let i = 0; i < changed.length || i === 0; i += PAGE) {
      const slice = changed.slice(i, i + PAGE);
      const documents: KnowledgeDocumentSnapshot[] = [];
      const failures: { nativeId: string; reason: string }[] = [];
      for (const f of slice) {
        try {
          documents.push(await this.read(f, accessCache));
        } catch (e) {
          failures.push({ nativeId: f.nativeId, reason: `unreadable: ${(e as Error).message}` });
        }
      }
      const last = i + PAGE >= changed.length;
      yield { documents, deletedIds: [], cursor: last ? String(newest) : cursor, total: changed.length, failures };
      if (last) break;
    }
  }

  async *listIds(): AsyncIterable<string[]> {
    const files = await this.walk();
    yield files.map((f) => f.nativeId);
  }

  async groups(): Promise<MirroredGroups | null> {
    const raw = await readJson<Record<string, string[]>>(join(this.root, GROUPS_FILE));
    if (!raw) return null;
    const groups: Record<string, string[]> = {};
    let unmapped = 0;
    for (const [name, members] of Object.entries(raw)) {
      groups[name] = [];
      for (const m of members) {
        const id = m.includes('@') ? await this.options.employees.byEmail(m) : m;
        if (id) groups[name].push(id);
        else unmapped++;
      }
    }
    return { groups, unmapped };
  }

  private async walk(): Promise<ShareFile[]> {
    const out: ShareFile[] = [];
    const visit = async (dir: string, folderAccess: string[]) => {
      const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name));
      const here = entries.some((e) => e.isFile() && e.name === FOLDER_ACCESS_FILE) ? [...folderAccess, join(dir, FOLDER_ACCESS_FILE)] : folderAccess;
      const names = new Set(entries.map((e) => e.name));
      for (const e of entries) {
        if (e.name.startsWith('.')) continue;
        const path = join(dir, e.name);
        if (e.isDirectory()) await visit(path, here);
        else if (e.isFile() && READABLE_FILE_EXTENSIONS.has(extensionOf(e.name)) && !e.name.endsWith(ACCESS_SUFFIX)) {
          const own = names.has(`${e.name}${ACCESS_SUFFIX}`) ? [join(dir, `${e.name}${ACCESS_SUFFIX}`)] : [];
          const accessFiles = own.length ? own : here.slice(-1);
          const times = await Promise.all([path, ...accessFiles, ...here].map(async (p) => (await stat(p)).mtimeMs));
          out.push({ nativeId: relative(this.root, path).split(sep).join('/'), path, modifiedMs: Math.floor(Math.max(...times)), accessFiles });
        }
      }
    };
    await visit(this.root, []);
    return out;
  }

  private async read(f: ShareFile, cache: Map<string, Promise<KnowledgeAccess>>): Promise<KnowledgeDocumentSnapshot> {
    const fileName = f.nativeId.split('/').pop()!;
    const converted = await fileToText(fileName, await readFile(f.path));
    const body = converted.text;
    const title = converted.title ?? fileName.slice(0, fileName.length - extensionOf(fileName).length);
    const accessFile = f.accessFiles[0];
    if (accessFile && !cache.has(accessFile)) cache.set(accessFile, this.accessFrom(accessFile));
    const access = accessFile ? await cache.get(accessFile)! : NO_ACCESS(this.options.classification ?? 'internal');
    const folders = f.nativeId.split('/').slice(0, -1);
    return documentSnapshot({
      sourceId: this.sourceId,
      nativeId: f.nativeId,
      title,
      breadcrumb: folders,
      url: this.options.baseUrl
        ? `${this.options.baseUrl.replace(/\/$/, '')}/${f.nativeId.split('/').map(encodeURIComponent).join('/')}`
        : pathToFileURL(f.path).href,
      body,
      access,
      sourceVersion: String(f.modifiedMs),
      modifiedAt: new Date(f.modifiedMs).toISOString(),
    });
  }

  /** A sidecar as access tokens; one that cannot be read or parsed lets nobody in (and says so in the sync's failures). */
  private async accessFrom(path: string): Promise<KnowledgeAccess> {
    const fallback = this.options.classification ?? 'internal';
    const raw = await readJson<ShareAccessFile>(path);
    if (!raw) return NO_ACCESS(fallback);
    const classification = raw.classification && CLEARANCE_LEVELS.includes(raw.classification) ? raw.classification : fallback;
    const allow: string[] = [];
    for (const token of raw.allow ?? []) {
      if (token.startsWith('email:')) {
        const id = await this.options.employees.byEmail(token.slice('email:'.length));
        if (id) allow.push(`user:${id}`);
      } else if (/^group:[^/]+$/.test(token)) allow.push(`group:${this.sourceId}/${token.slice('group:'.length)}`);
      else if (KNOWLEDGE_ACCESS_TOKEN_PATTERN.test(token)) allow.push(token);
    }
    return { public: raw.public === true, allow, classification };
  }
}

async function readJson<T>(path: string): Promise<T | null> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as T;
  } catch {
    return null;
  }
}

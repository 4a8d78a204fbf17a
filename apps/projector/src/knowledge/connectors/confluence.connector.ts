import type { ClearanceLevel, KnowledgeAccess } from '@megabot/contracts';
import type { KnowledgeDocumentSnapshot } from '@megabot/domain';
import { htmlToText } from './html-text';
import { extensionOf, fileToText, READABLE_FILE_EXTENSIONS } from './office-text';
import {
  documentSnapshot,
  NO_ACCESS,
  type EmployeeLookup,
  type KnowledgeChangePage,
  type KnowledgeConnector,
  type MirroredGroups,
} from './knowledge-connector';
import type { SourceHttp } from './source-http';

export interface ConfluenceOptions {
  sourceId: string;
  /** The site's base URL including its context path, e.g. https://corp.atlassian.net/wiki (REST under /rest/api). */
  location: string;
  /** Space keys to index; empty: every global space. */
  spaces: string[];
  /** Groups that mean "every employee" (a space readable by one of them is public to employees). */
  everyoneGroups: string[];
  classification: ClearanceLevel;
  employees: EmployeeLookup;
  http: SourceHttp;
  pageSize?: number;
  /** Attachments larger than this are not downloaded (counted as failed). Default 25 MB. */
  maxAttachmentBytes?: number;
}

interface Paged<T> {
  results: T[];
  start?: number;
  limit?: number;
  size?: number;
  _links?: { next?: string; base?: string };
}
interface CfUser {
  type?: string;
  accountId?: string;
  username?: string;
  email?: string;
  displayName?: string;
}
interface CfGroup {
  type?: string;
  name: string;
  id?: string;
}
interface Subjects {
  user?: { results: CfUser[]; size?: number };
  group?: { results: CfGroup[]; size?: number };
}
interface CfSpace {
  id: number;
  key: string;
  name: string;
  permissions?: { subjects?: Subjects; operation: { operation: string; targetType: string }; anonymousAccess?: boolean }[];
}
interface CfPage {
  id: string;
  type: string;
  status: string;
  title: string;
  space?: { key: string; name: string };
  version?: { number: number; when: string };
  ancestors?: { id: string; title: string }[];
  body?: { storage?: { value: string } };
  restrictions?: { read?: { restrictions?: Subjects } };
  _links?: { webui?: string };
}
interface CfAttachment {
  id: string;
  type: string;
  status: string;
  title: string;
  version?: { number: number; when: string };
  metadata?: { mediaType?: string };
  extensions?: { mediaType?: string; fileSize?: number };
  _links?: { download?: string; webui?: string };
  container?: { id: string };
}

/** Types an attachment without a readable extension in its title is still read as (by its media type). */
const MEDIA_TYPE_EXTENSIONS: Record<string, string> = {
  'application/pdf': '.pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': '.docx',
  'text/markdown': '.md',
  'text/html': '.html',
  'text/plain': '.txt',
};

const PAGE_EXPAND = 'body.storage,version,space,ancestors,restrictions.read.restrictions.user,restrictions.read.restrictions.group';

/** Re-read this much before the cursor: CQL compares in minutes, and an edit may commit after a later one was seen. */
const OVERLAP_MS = 5 * 60_000;

/**
 * Confluence through its REST API (v1 under <site>/rest/api): pages of the configured spaces by CQL
 * (`lastmodified >=` the cursor, ordered by it; the whole space on a full run), with body.storage, version,
 * ancestors (the breadcrumb) and read restrictions expanded; `_links.next` followed until the end.
 *
 * Permissions, as Confluence decides them: a reader needs the space's read permission and must pass every read
 * restriction on the page and on each of its ancestors. A page with no restrictions on its way up inherits the
 * space's permission. One level is mirrored as its tokens (users, `group:<sourceId>/<name>`, so membership changes
 * apply through the mirrored groups); several levels are intersected over the mirrored members into user tokens.
 * A space readable by anonymous users or an "everyone" group is public to employees.
 *
 * Attachments (`content/{id}/child/attachment`, paged) of the types the file share reads (PDF, DOCX, Markdown, HTML,
 * text) are documents of their own with their page's access, listed again with every page the feed returns and in
 * the prune listing under their page, so an attachment deleted at the source, or whose page is deleted, is pruned.
 * Confluence bumps no page version for a new attachment: an incremental run also searches for attachments modified
 * since the cursor and reads those whose page it did not return.
 */
export class ConfluenceConnector implements KnowledgeConnector {
  readonly sourceId: string;
  private readonly base: string;
  private spaceCache = new Map<string, Promise<{ space: CfSpace; access: AccessLevel | 'public' }>>();
  private restrictionCache = new Map<string, Promise<AccessLevel | null>>();
  private memberCache = new Map<string, Promise<string[]>>();

  constructor(private readonly options: ConfluenceOptions) {
    this.sourceId = options.sourceId;
    this.base = options.location.replace(/\/$/, '');
  }

  async *changes(cursor: string | null): AsyncIterable<KnowledgeChangePage> {
    const spaces = await this.spaceKeys();
    if (!spaces.length) {
      yield { documents: [], deletedIds: [], cursor };
      return;
    }
    const since = cursor ? cqlDate(new Date(Date.parse(cursor) - OVERLAP_MS)) : null;
    let newest = cursor;
    const seen = (when: string | undefined) => {
      if (when && (!newest || when > newest)) newest = new Date(when).toISOString();
    };
    const pagesRead = new Set<string>();
    for await (const { results, last, size } of this.search<CfPage>('page', spaces, since, PAGE_EXPAND)) {
      const documents: KnowledgeDocumentSnapshot[] = [];
      const failures: { nativeId: string; reason: string }[] = [];
      for (const p of results) {
        if (p.type !== 'page' || p.status !== 'current') continue;
        pagesRead.add(p.id);
        const snapshot = await this.snapshot(p);
        documents.push(snapshot);
        for await (const a of this.attachmentsOf(p.id)) await this.readAttachment(a, snapshot, documents, failures);
        seen(p.version?.when);
      }
      // An incremental run goes on with the attachments: its cursor moves only after them.
      yield { documents, deletedIds: [], cursor: last && !since ? newest : cursor, total: size, failures };
    }
    if (!since) return;
    // Attachments added or changed on pages that did not change themselves (Confluence bumps no page version).
    const containers = new Map<string, Promise<KnowledgeDocumentSnapshot | null>>();
    for await (const { results, last } of this.search<CfAttachment>('attachment', spaces, since, 'version,metadata,container')) {
      const documents: KnowledgeDocumentSnapshot[] = [];
      const failures: { nativeId: string; reason: string }[] = [];
      for (const a of results) {
        seen(a.version?.when);
        const pageId = a.container?.id;
        if (!pageId || pagesRead.has(pageId) || a.status !== 'current' || !attachmentExtension(a) || !a._links?.download) continue;
        if (!containers.has(pageId)) containers.set(pageId, this.pageSnapshot(pageId));
        const page = await containers.get(pageId)!;
        if (page) await this.readAttachment(a, page, documents, failures);
      }
      yield { documents, deletedIds: [], cursor: last ? newest : cursor, failures };
    }
  }

  async *listIds(): AsyncIterable<string[]> {
    for (const key of await this.spaceKeys()) {
      const first = `${this.base}/rest/api/content?${new URLSearchParams({ type: 'page', spaceKey: key, status: 'current', limit: '100', start: '0' })}`;
      for await (const pages of this.paged<{ id: string }>(first)) {
        const ids = pages.map((p) => p.id);
        for (const p of pages) for await (const a of this.attachmentsOf(p.id)) ids.push(a.id);
        yield ids;
      }
    }
  }

  async groups(): Promise<MirroredGroups> {
    const groups: Record<string, string[]> = {};
    let unmapped = 0;
    for await (const page of this.paged<CfGroup>(`${this.base}/rest/api/group?start=0&limit=200`)) {
      for (const g of page) {
        const members: CfUser[] = [];
        for await (const m of this.paged<CfUser>(`${this.base}/rest/api/group/member?${new URLSearchParams({ name: g.name, start: '0', limit: '200' })}`))
          members.push(...m);
        groups[g.name] = [];
        for (const m of members) {
          const id = m.email ? await this.options.employees.byEmail(m.email) : null;
          if (id) groups[g.name].push(id);
          else unmapped++;
        }
        this.memberCache.set(g.name, Promise.resolve(groups[g.name]));
      }
    }
    return { groups, unmapped };
  }

  private async snapshot(p: CfPage): Promise<KnowledgeDocumentSnapshot> {
    const spaceKey = p.space?.key ?? '';
    const { space, access: spaceAccess } = await this.space(spaceKey);
    const levels: AccessLevel[] = spaceAccess === 'public' ? [] : [spaceAccess];
    for (const a of p.ancestors ?? []) {
      const r = await this.restrictionOf(a.id);
      if (r) levels.push(r);
    }
    const own = await this.levelOf(p.restrictions?.read?.restrictions);
    if (own) levels.push(own);
    return documentSnapshot({
      sourceId: this.sourceId,
      nativeId: p.id,
      title: p.title,
      breadcrumb: [space.name, ...(p.ancestors ?? []).map((a) => a.title)],
      url: p._links?.webui ? `${this.base}${p._links.webui}` : `${this.base}/pages/viewpage.action?pageId=${p.id}`,
      body: htmlToText(p.body?.storage?.value ?? '').text,
      access: await this.accessOf(levels),
      sourceVersion: String(p.version?.number ?? 0),
      modifiedAt: p.version?.when ? new Date(p.version.when).toISOString() : new Date(0).toISOString(),
    });
  }

  /** Content of one type in the spaces by CQL (modified since `since`, oldest first), page by page. */
  private async *search<T>(type: 'page' | 'attachment', spaces: string[], since: string | null, expand: string) {
    let cql = `type=${type} AND space in (${spaces.map((k) => `"${k.replace(/"/g, '')}"`).join(',')})`;
    if (since) cql += ` AND lastmodified >= "${since}"`;
    cql += ' order by lastmodified asc';
    let url: string | undefined = `${this.base}/rest/api/content/search?${new URLSearchParams({ cql, limit: String(this.options.pageSize ?? 25), expand })}`;
    while (url) {
      const page: Paged<T> = await this.options.http.getJson<Paged<T>>(url);
      url = this.next(page);
      yield { results: page.results, last: !url, size: page.size };
    }
  }

  /** A page the change feed did not bring, as its snapshot; null when it is not current. */
  private async pageSnapshot(pageId: string): Promise<KnowledgeDocumentSnapshot | null> {
    const p = await this.options.http.getJson<CfPage>(
      `${this.base}/rest/api/content/${encodeURIComponent(pageId)}?${new URLSearchParams({ expand: PAGE_EXPAND })}`,
    );
    return p.type === 'page' && p.status === 'current' ? this.snapshot(p) : null;
  }

  private async readAttachment(
    a: CfAttachment,
    page: KnowledgeDocumentSnapshot,
    documents: KnowledgeDocumentSnapshot[],
    failures: { nativeId: string; reason: string }[],
  ) {
    try {
      documents.push(await this.attachmentSnapshot(a, page));
    } catch (e) {
      failures.push({ nativeId: a.id, reason: `unreadable: ${(e as Error).message}` });
    }
  }

  /** The page's attachments of a readable type, paged through `_links.next`. */
  private async *attachmentsOf(pageId: string): AsyncIterable<CfAttachment> {
    const first = `${this.base}/rest/api/content/${encodeURIComponent(pageId)}/child/attachment?${new URLSearchParams({ start: '0', limit: '50', expand: 'version,metadata' })}`;
    for await (const page of this.paged<CfAttachment>(first))
      for (const a of page) if (a.status === 'current' && attachmentExtension(a) && a._links?.download) yield a;
  }

  /**
   * An attachment as a document of its own: read by the parsers the file share uses, cited by its title and download
   * link, under its page in the breadcrumb, and with exactly the page's access (its restrictions, else the space's).
   */
  private async attachmentSnapshot(a: CfAttachment, page: KnowledgeDocumentSnapshot): Promise<KnowledgeDocumentSnapshot> {
    const max = this.options.maxAttachmentBytes ?? 25_000_000;
    if ((a.extensions?.fileSize ?? 0) > max) throw new Error(`larger than ${max} bytes`);
    const url = `${this.base}${a._links!.download}`;
    const ext = attachmentExtension(a)!;
    const name = extensionOf(a.title) === ext ? a.title : `${a.title}${ext}`;
    const { text } = await fileToText(name, await this.options.http.getBytes(url, max));
    return documentSnapshot({
      sourceId: this.sourceId,
      nativeId: a.id,
      title: a.title,
      breadcrumb: [...page.breadcrumb, page.title],
      url,
      body: text,
      access: page.access,
      sourceVersion: String(a.version?.number ?? 0),
      modifiedAt: a.version?.when ? new Date(a.version.when).toISOString() : page.modifiedAt,
    });
  }

  /** Every level must let the reader in: one level as its tokens, several as the employees in all of them. */
  private async accessOf(levels: AccessLevel[]): Promise<KnowledgeAccess> {
    const classification = this.options.classification;
    if (!levels.length) return { public: true, allow: [], classification };
    if (levels.some((l) => l.users.length + l.groups.length === 0)) return NO_ACCESS(classification);
    if (levels.length === 1)
      return {
        public: false,
        allow: [...levels[0].users.map((u) => `user:${u}`), ...levels[0].groups.map((g) => `group:${this.sourceId}/${g}`)],
        classification,
      };
    const sets: Set<string>[] = [];
    for (const level of levels) {
      const members = new Set(level.users);
      for (const g of level.groups) for (const m of await this.membersOf(g)) members.add(m);
      sets.push(members);
    }
    const common = [...sets[0]].filter((m) => sets.every((s) => s.has(m)));
    return { public: false, allow: common.map((u) => `user:${u}`), classification };
  }

  private space(key: string) {
    let entry = this.spaceCache.get(key);
    if (!entry) {
      entry = (async () => {
        const space = await this.options.http.getJson<CfSpace>(`${this.base}/rest/api/space/${encodeURIComponent(key)}?expand=permissions`);
        const reads = (space.permissions ?? []).filter((p) => p.operation.operation === 'read' && p.operation.targetType === 'space');
        const everyone = new Set(this.options.everyoneGroups);
        if (reads.some((p) => p.anonymousAccess || (p.subjects?.group?.results ?? []).some((g) => everyone.has(g.name))))
          return { space, access: 'public' as const };
        const subjects: Subjects = {
          user: { results: reads.flatMap((p) => p.subjects?.user?.results ?? []) },
          group: { results: reads.flatMap((p) => p.subjects?.group?.results ?? []) },
        };
        return { space, access: (await this.levelOf(subjects)) ?? { users: [], groups: [] } };
      })();
      this.spaceCache.set(key, entry);
    }
    return entry;
  }

  /** An ancestor's read restrictions (null: none). */
  private restrictionOf(pageId: string) {
    let entry = this.restrictionCache.get(pageId);
    if (!entry) {
      entry = this.options.http
        .getJson<{ restrictions?: Subjects }>(
          `${this.base}/rest/api/content/${encodeURIComponent(pageId)}/restriction/byOperation/read?expand=restrictions.user,restrictions.group`,
        )
        .then((r) => this.levelOf(r.restrictions));
      this.restrictionCache.set(pageId, entry);
    }
    return entry;
  }

  /** Subjects as employee ids and group names; null when there are none (no restriction at this level). */
  private async levelOf(subjects: Subjects | undefined): Promise<AccessLevel | null> {
    const users = subjects?.user?.results ?? [];
    const groups = subjects?.group?.results ?? [];
    if (!users.length && !groups.length) return null;
    const ids: string[] = [];
    for (const u of users) {
      const id = u.email ? await this.options.employees.byEmail(u.email) : null;
      if (id) ids.push(id);
    }
    // A restriction whose users are all unknown here still restricts: the level stays, with fewer (maybe no) readers.
    return { users: ids, groups: groups.map((g) => g.name) };
  }

  private membersOf(group: string): Promise<string[]> {
    let entry = this.memberCache.get(group);
    if (!entry) {
      entry = (async () => {
        const ids: string[] = [];
        for await (const page of this.paged<CfUser>(`${this.base}/rest/api/group/member?${new URLSearchParams({ name: group, start: '0', limit: '200' })}`))
          for (const m of page) {
            const id = m.email ? await this.options.employees.byEmail(m.email) : null;
            if (id) ids.push(id);
          }
        return ids;
      })();
      this.memberCache.set(group, entry);
    }
    return entry;
  }

  private async spaceKeys(): Promise<string[]> {
    if (this.options.spaces.length) return this.options.spaces;
    const keys: string[] = [];
    for await (const page of this.paged<CfSpace>(`${this.base}/rest/api/space?type=global&start=0&limit=50`)) keys.push(...page.map((s) => s.key));
    return keys;
  }

  /** Follows `_links.next`; where a server leaves it out on a full page, asks for the next `start`. */
  private async *paged<T>(first: string): AsyncIterable<T[]> {
    let url: string | undefined = first;
    while (url) {
      const page: Paged<T> = await this.options.http.getJson<Paged<T>>(url);
      yield page.results;
      url = this.next(page);
      if (!url && page.limit && page.results.length === page.limit && page.start !== undefined) {
        const u: URL = new URL(first);
        u.searchParams.set('start', String(page.start + page.limit));
        url = u.href;
      }
    }
  }

  private next(page: Paged<unknown>): string | undefined {
    const next = page._links?.next;
    if (!next) return undefined;
    return /^https?:/.test(next) ? next : `${this.base}${next}`;
  }
}

interface AccessLevel {
  users: string[];
  groups: string[];
}

/** The readable type of an attachment: its title's extension, else its media type's; null when neither is read. */
function attachmentExtension(a: CfAttachment): string | null {
  const ext = extensionOf(a.title);
  if (READABLE_FILE_EXTENSIONS.has(ext)) return ext;
  const mediaType = (a.metadata?.mediaType ?? a.extensions?.mediaType ?? '').split(';')[0].trim().toLowerCase();
  return MEDIA_TYPE_EXTENSIONS[mediaType] ?? null;
}

/** CQL's date literal ("yyyy/MM/dd HH:mm"), in UTC. */
const cqlDate = (d: Date) => d.toISOString().slice(0, 16).replace(/-/g, '/').replace('T', ' ');

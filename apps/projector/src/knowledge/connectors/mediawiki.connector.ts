import type { KnowledgeAccess } from '@megabot/contracts';
import type { KnowledgeDocumentSnapshot } from '@megabot/domain';
import { documentSnapshot, type KnowledgeChangePage, type KnowledgeConnector, type MirroredGroups } from './knowledge-connector';
import type { SourceHttp } from './source-http';
import { wikitextToText } from './wikitext';

export interface MediaWikiOptions {
  sourceId: string;
  /** The wiki's api.php URL (or the script path it sits in, e.g. https://wiki.example.com/w). */
  location: string;
  /** Namespace numbers to index (default: 0, the main namespace). */
  namespaces: number[];
  /** Who may read the wiki (MediaWiki has no per-page read permissions): public unless `allow` names tokens. */
  access: KnowledgeAccess;
  http: SourceHttp;
  /** Titles per content request (the API's limit is 50 for most clients). */
  batchSize?: number;
}

interface RecentChange {
  type: 'edit' | 'new' | 'log' | 'categorize' | 'external';
  ns: number;
  title: string;
  pageid: number;
  rcid: number;
  timestamp: string;
  logtype?: string;
  logaction?: string;
}
interface WikiPage {
  pageid?: number;
  ns: number;
  title: string;
  missing?: boolean;
  redirect?: boolean;
  fullurl?: string;
  revisions?: { revid: number; timestamp: string; slots: { main: { content?: string; contentmodel?: string } } }[];
}
interface QueryResponse {
  continue?: Record<string, string>;
  query?: {
    recentchanges?: RecentChange[];
    allpages?: { pageid: number; ns: number; title: string }[];
    pages?: WikiPage[];
    namespaces?: Record<string, { id: number; name: string; canonical?: string }>;
  };
  error?: { code: string; info: string };
}

/**
 * A MediaWiki through its Action API (formatversion=2): the first run lists every page of the configured
 * namespaces (list=allpages, redirects left out) and starts its cursor at the newest recent change; later runs
 * follow list=recentchanges from the cursor (edits, new pages, moves and deletions; a moved page keeps its page id,
 * so a rename is the same document with a new title). Page content comes from prop=revisions (main slot wikitext),
 * 50 pages per request. Every listing follows the API's `continue` until it is done.
 */
export class MediaWikiConnector implements KnowledgeConnector {
  readonly sourceId: string;
  private readonly api: string;
  private namespaceNames: Map<number, string> | null = null;

  constructor(private readonly options: MediaWikiOptions) {
    this.sourceId = options.sourceId;
    this.api = /api\.php$/.test(options.location) ? options.location : `${options.location.replace(/\/$/, '')}/api.php`;
  }

  async *changes(cursor: string | null): AsyncIterable<KnowledgeChangePage> {
    if (cursor === null) {
      const head = await this.newestChange();
      const ids: number[] = [];
      for await (const page of this.allPages()) ids.push(...page.map((p) => p.pageid));
      const size = this.options.batchSize ?? 50;
      for (let i = 0; i < ids.length || i === 0; i += size) {
        const { documents, missing } = await this.fetch(ids.slice(i, i + size));
        const last = i + size >= ids.length;
        yield { documents, deletedIds: missing, cursor: last ? head : null, total: ids.length };
        if (last) return;
      }
    }
    let next: Record<string, string> | undefined = {};
    let position = cursor;
    const namespaces = new Set(this.options.namespaces);
    while (next) {
      const r: QueryResponse = await this.query({
        list: 'recentchanges',
        rcprop: 'title|ids|timestamp|loginfo',
        rctype: 'edit|new|log',
        rcdir: 'newer',
        rcstart: cursor!,
        rclimit: '500',
        rcnamespace: this.options.namespaces.join('|'),
        ...next,
      });
      const changes = (r.query?.recentchanges ?? []).filter((c) => namespaces.has(c.ns));
      const changed = new Set<number>();
      const deleted = new Set<number>();
      for (const c of changes) {
        if (c.type === 'log' && c.logtype === 'delete' && c.logaction === 'delete') {
          if (c.pageid) deleted.add(c.pageid);
          changed.delete(c.pageid);
        } else if (c.pageid && (c.type !== 'log' || c.logtype === 'move' || (c.logtype === 'delete' && c.logaction === 'restore'))) {
          changed.add(c.pageid);
          deleted.delete(c.pageid);
        }
      }
      const { documents, missing } = await this.fetch([...changed]);
      const all = r.query?.recentchanges ?? [];
      if (all.length) position = all[all.length - 1].timestamp;
      next = r.continue;
      yield { documents, deletedIds: [...new Set([...[...deleted].map(String), ...missing])], cursor: next ? cursor : position };
    }
  }

  async *listIds(): AsyncIterable<string[]> {
    for await (const page of this.allPages()) yield page.map((p) => String(p.pageid));
  }

  async groups(): Promise<MirroredGroups | null> {
    return null; // read access is wiki-wide: nothing per group to mirror
  }

  private async *allPages(): AsyncIterable<{ pageid: number; title: string }[]> {
    for (const ns of this.options.namespaces) {
      let next: Record<string, string> | undefined = {};
      while (next) {
        const r: QueryResponse = await this.query({ list: 'allpages', apnamespace: String(ns), aplimit: '500', apfilterredir: 'nonredirects', ...next });
        yield r.query?.allpages ?? [];
        next = r.continue;
      }
    }
  }

  /** The newest recent change's timestamp (where the first incremental poll starts), or now when the feed is empty. */
  private async newestChange(): Promise<string> {
    const r = await this.query({ list: 'recentchanges', rcprop: 'timestamp', rclimit: '1', rcdir: 'older' });
    return r.query?.recentchanges?.[0]?.timestamp ?? new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  }

  /** Pages' current content; ids that no longer exist (or became redirects) come back as missing. */
  private async fetch(pageIds: number[]): Promise<{ documents: KnowledgeDocumentSnapshot[]; missing: string[] }> {
    const documents: KnowledgeDocumentSnapshot[] = [];
    const missing: string[] = [];
    if (!pageIds.length) return { documents, missing };
    const names = await this.namespaces();
    const size = this.options.batchSize ?? 50;
    for (let i = 0; i < pageIds.length; i += size) {
      const ids = pageIds.slice(i, i + size);
      const r = await this.query({ prop: 'revisions|info', rvprop: 'content|timestamp|ids', rvslots: 'main', inprop: 'url', pageids: ids.join('|') });
      const seen = new Set<number>();
      for (const p of r.query?.pages ?? []) {
        if (p.pageid) seen.add(p.pageid);
        const revision = p.revisions?.[0];
        if (p.missing || p.redirect || !revision || !p.pageid || !this.options.namespaces.includes(p.ns)) {
          if (p.pageid) missing.push(String(p.pageid));
          continue;
        }
        const parts = p.title.replace(/^[^:]+:/, (prefix) => (p.ns === 0 ? prefix : '')).split('/');
        documents.push(
          documentSnapshot({
            sourceId: this.sourceId,
            nativeId: String(p.pageid),
            title: p.title,
            breadcrumb: [names.get(p.ns) || 'Main', ...parts.slice(0, -1)],
            url: p.fullurl ?? `${this.api.replace(/api\.php$/, 'index.php')}?curid=${p.pageid}`,
            body: wikitextToText(revision.slots.main.content ?? ''),
            access: this.options.access,
            sourceVersion: String(revision.revid),
            modifiedAt: new Date(revision.timestamp).toISOString(),
          }),
        );
      }
      for (const id of ids) if (!seen.has(id)) missing.push(String(id));
    }
    return { documents, missing };
  }

  private async namespaces(): Promise<Map<number, string>> {
    if (!this.namespaceNames) {
      const r = await this.query({ meta: 'siteinfo', siprop: 'namespaces' });
      this.namespaceNames = new Map(Object.values(r.query?.namespaces ?? {}).map((n) => [n.id, n.name]));
    }
    return this.namespaceNames;
  }

  private async query(params: Record<string, string>): Promise<QueryResponse> {
    const url = `${this.api}?${new URLSearchParams({ action: 'query', format: 'json', formatversion: '2', ...params })}`;
    const r = await this.options.http.getJson<QueryResponse>(url);
    if (r.error) throw new Error(`MediaWiki API error ${r.error.code}: ${r.error.info}`);
    return r;
  }
}

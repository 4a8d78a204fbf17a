import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { knowledgeDocumentKey, type ClearanceLevel } from '@megabot/contracts';
import { ACCESS_SUFFIX, FOLDER_ACCESS_FILE, type ShareAccessFile } from '../connectors/fileshare.connector';
import type { ConfluenceFixture } from '../connectors/fixtures/confluence.fixture';
import { pdfFile } from '../connectors/fixtures/office-files';
import type { MediaWikiFixture } from '../connectors/fixtures/mediawiki.fixture';

/**
 * The knowledge evaluation set in BEIR layout (samples/knowledge/eval: corpus.jsonl, queries.jsonl, qrels/dev.tsv and
 * qrels/test.tsv; a query's split is also in its metadata, as unanswerable ones have no judgements)
 * and the sources it is served from: each corpus document is put where its metadata says - a file in a share folder
 * with its sidecar, a MediaWiki page, a Confluence page in a space with its restrictions or an attachment of one (its
 * readers those of the page) - so the evaluation syncs
 * them through the real connectors. A document's `readers` (employee ids, `*` for every active employee) are the
 * ground truth the leak count is checked against, written independently of how the sources express permissions.
 */
export const EVAL_DIR = join(__dirname, '../../../../../samples/knowledge/eval');

export interface EvalDocument {
  _id: string;
  title: string;
  text: string;
  metadata: {
    source: 'share' | 'wiki' | 'confluence';
    language: 'ru' | 'en';
    readers: string[];
    path?: string;
    space?: string;
    access?: ShareAccessFile;
    restrictions?: { users: string[]; groups: string[] };
    /** A Confluence attachment (a PDF when its media type says so, else the text as it is) of the page `page` (a corpus id). */
    attachment?: { page: string; mediaType: string };
    /** `deleted`: removed at the source after the first sync; `updated`: `previous_text` first, `text` after. */
    lifecycle?: 'deleted' | 'updated';
    previous_text?: string;
    /** Words only this document (or its previous version) has: they may reach only its readers. */
    secret?: string;
    stale?: string;
  };
}

export interface EvalQuery {
  _id: string;
  text: string;
  metadata: { type: string; language: 'ru' | 'en'; user: string; split: 'dev' | 'test' };
}

export interface EvalEmployee {
  id: string;
  email: string;
  department: string;
  office: string;
  projects: string[];
  clearance: ClearanceLevel;
  active?: boolean;
}

export interface EvalSources {
  employees: EvalEmployee[];
  share: { access: ShareAccessFile };
  confluence: { groups: Record<string, string[]>; spaces: { key: string; name: string; read: { users: string[]; groups: string[] } }[] };
}

export interface EvalDataset {
  corpus: EvalDocument[];
  queries: EvalQuery[];
  /** query id -> corpus ids judged relevant (none: the base cannot answer it). */
  qrels: Map<string, Set<string>>;
  sources: EvalSources;
}

const jsonl = <T>(file: string): T[] =>
  readFileSync(join(EVAL_DIR, file), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as T);

export function loadEvalDataset(split: 'dev' | 'test'): EvalDataset {
  const qrels = new Map<string, Set<string>>();
  const [, ...rows] = readFileSync(join(EVAL_DIR, 'qrels', `${split}.tsv`), 'utf8')
    .trim()
    .split('\n');
  for (const row of rows) {
    const [queryId, corpusId, score] = row.split('\t');
    if (Number(score) > 0) qrels.set(queryId, (qrels.get(queryId) ?? new Set()).add(corpusId));
  }
  return {
    corpus: jsonl<EvalDocument>('corpus.jsonl'),
    queries: jsonl<EvalQuery>('queries.jsonl').filter((q) => q.metadata.split === split),
    qrels,
    sources: JSON.parse(readFileSync(join(EVAL_DIR, 'sources.json'), 'utf8')) as EvalSources,
  };
}

export const EVAL_SOURCE_IDS = { share: 'eval-share', wiki: 'eval-wiki', confluence: 'eval-confluence' } as const;

/** `## Heading` lines as wikitext headings. */
const toWikitext = (text: string) =>
  text.replace(/^(#{1,6})\s+(.*)$/gm, (_, hashes: string, h: string) => `${'='.repeat(hashes.length)} ${h} ${'='.repeat(hashes.length)}`);

/** Paragraphs and `## Heading` lines as Confluence storage format. */
const toStorage = (text: string) =>
  text
    .split(/\n{2,}/)
    .map((block) => {
      const h = /^(#{1,6})\s+(.*)$/.exec(block.trim());
      const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
      return h ? `<h${h[1].length}>${esc(h[2])}</h${h[1].length}>` : `<p>${esc(block.trim())}</p>`;
    })
    .join('');

/**
 * Puts the corpus into the three sources as it was before the changes (deleted documents present, updated ones in
 * their previous version) and returns the corpus id of every document key, and `change()`, which deletes and
 * updates at the sources what the metadata says.
 */
export function serveEvalCorpus(
  dataset: EvalDataset,
  sources: { shareRoot: string; wiki: MediaWikiFixture; confluence: ConfluenceFixture },
): { corpusIdOf: Map<string, string>; change: () => void } {
  const { shareRoot, wiki, confluence } = sources;
  writeFileSync(join(shareRoot, FOLDER_ACCESS_FILE), JSON.stringify(dataset.sources.share.access));
  for (const [group, members] of Object.entries(dataset.sources.confluence.groups)) confluence.groups.set(group, members);
  for (const s of dataset.sources.confluence.spaces) confluence.space(s.key, s.name, s.read);

  const corpusIdOf = new Map<string, string>();
  const changes: (() => void)[] = [];
  const confluencePageIds = new Map<string, string>(); // corpus id -> page id, for the attachments that follow their page
  for (const doc of dataset.corpus) {
    const m = doc.metadata;
    const first = m.lifecycle === 'updated' ? m.previous_text!.trim() : doc.text;
    if (m.source === 'share') {
      const path = join(shareRoot, m.path!);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, first);
      if (m.access) writeFileSync(`${path}${ACCESS_SUFFIX}`, JSON.stringify(m.access));
      corpusIdOf.set(knowledgeDocumentKey(EVAL_SOURCE_IDS.share, m.path!), doc._id);
      if (m.lifecycle === 'deleted') changes.push(() => rmSync(path));
      if (m.lifecycle === 'updated') changes.push(() => writeFileSync(path, doc.text));
    } else if (m.source === 'wiki') {
      const pageId = wiki.edit(doc.title, toWikitext(first));
      corpusIdOf.set(knowledgeDocumentKey(EVAL_SOURCE_IDS.wiki, String(pageId)), doc._id);
      if (m.lifecycle === 'deleted') changes.push(() => wiki.delete(pageId));
      if (m.lifecycle === 'updated') changes.push(() => wiki.edit(doc.title, toWikitext(doc.text)));
    } else if (m.attachment) {
      const pageId = confluencePageIds.get(m.attachment.page)!;
      const file = (text: string) =>
        m.attachment!.mediaType === 'application/pdf' ? pdfFile(text.split(/\n{2,}/).map((p) => [p])) : Buffer.from(text, 'utf8');
      const id = confluence.attach(pageId, doc.title, file(first), m.attachment.mediaType);
      corpusIdOf.set(knowledgeDocumentKey(EVAL_SOURCE_IDS.confluence, id), doc._id);
      if (m.lifecycle === 'deleted') changes.push(() => confluence.detach(id));
      if (m.lifecycle === 'updated') changes.push(() => confluence.attach(pageId, doc.title, file(doc.text), m.attachment!.mediaType));
    } else {
      const id = confluence.page(m.space!, doc.title, toStorage(first), { restrictions: m.restrictions });
      confluencePageIds.set(doc._id, id);
      corpusIdOf.set(knowledgeDocumentKey(EVAL_SOURCE_IDS.confluence, id), doc._id);
      if (m.lifecycle === 'deleted') changes.push(() => confluence.trash(id));
      if (m.lifecycle === 'updated') changes.push(() => confluence.page(m.space!, doc.title, toStorage(doc.text), { id }));
    }
  }
  return { corpusIdOf, change: () => changes.forEach((c) => c()) };
}

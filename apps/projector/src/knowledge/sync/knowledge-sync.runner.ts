import { randomUUID } from 'node:crypto';
import { knowledgeSourceStreamId, type KnowledgeAccess } from '@megabot/contracts';
import {
  addSyncCounts,
  emptySyncCounts,
  evolveKnowledgeDocument,
  initialKnowledgeDocumentState,
  knowledgeDocumentWriteSide,
  knowledgeGroupsWriteSide,
  knowledgeSourceWriteSide,
  knowledgeSyncCommandId,
  planKnowledgeChanges,
  planKnowledgePrune,
  planKnowledgeSourceRemoval,
  type KnowledgeDocumentCommand,
  type KnowledgeDocumentEvent,
  type KnowledgeDocumentState,
  type KnowledgeSourceState,
  type KnowledgeSyncCounts,
  type KnowledgeSyncMode,
  type KnowledgeSyncPlan,
} from '@megabot/domain';
import { StreamCommandProcessor, type EventStore } from '@megabot/event-store';
import type { DataSource } from 'typeorm';
import type { KnowledgeConnector } from '../connectors/knowledge-connector';

/** What a run did, as KnowledgeSyncCompleted records it. */
export interface KnowledgeSyncSummary extends KnowledgeSyncCounts {
  sourceId: string;
  mode: KnowledgeSyncMode;
  cursor: string | null;
  pruned: boolean;
  /** Documents (and deletions) the source's change feed reported: what was looked at. */
  discovered: number;
  failures: { nativeId: string; reason: string }[];
}

export interface KnowledgeSyncProgress {
  phase: 'groups' | 'changes' | 'prune' | 'removal' | 'done';
  done: number;
  total: number | null;
  counts: KnowledgeSyncCounts;
}

/** The actor the runner writes as (events' metadata; the documents' decider needs no admin). */
export const KNOWLEDGE_SYNC_ACTOR = 'system:knowledge-sync';

/**
 * One sync of one source: mirrored groups, the change feed (from the cursor, or everything on a full run), the
 * prune pass over the complete id listing, then KnowledgeSyncCompleted with the new cursor. Each page is planned
 * with the pure sync plan against what is known (the read model, updated in memory as the run writes), and each
 * decision goes through the document write side, where the stream has the last word. Nothing is deleted when the
 * listing did not complete; a run that fails records no completion (the cursor stays, the next run repeats it).
 */
export class KnowledgeSyncRunner {
  private readonly documents: StreamCommandProcessor<KnowledgeDocumentCommand, KnowledgeDocumentEvent, KnowledgeDocumentState>;
  private readonly sources;
  private readonly groups;

  constructor(
    store: EventStore,
    private readonly ds: DataSource,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.documents = new StreamCommandProcessor(store, knowledgeDocumentWriteSide, { clock, maxCachedStreams: 1000 });
    this.sources = new StreamCommandProcessor(store, knowledgeSourceWriteSide, { clock });
    this.groups = new StreamCommandProcessor(store, knowledgeGroupsWriteSide, { clock });
  }

  /** The source as its stream says now. */
  async source(sourceId: string): Promise<KnowledgeSourceState> {
    return (await this.sources.fresh(knowledgeSourceStreamId(sourceId))).state;
  }

  async sync(
    sourceId: string,
    connector: KnowledgeConnector,
    mode: KnowledgeSyncMode,
    cursor: string | null,
    onProgress: (p: KnowledgeSyncProgress) => Promise<void> | void = () => undefined,
  ): Promise<KnowledgeSyncSummary> {
    const startedAt = this.clock().toISOString();
    // Unique per run (two runs may start within the same millisecond, and tests stop the clock).
    const runId = `knowledge-sync:${sourceId}:${startedAt}:${randomUUID()}`;
    const counts = emptySyncCounts();
    const failures: KnowledgeSyncSummary['failures'] = [];
    const progress: KnowledgeSyncProgress = { phase: 'groups', done: 0, total: null, counts };
    await onProgress(progress);

    const mirrored = await connector.groups();
    if (mirrored)
      await this.groups.execute({ type: 'MirrorKnowledgeGroups', sourceId, ...mirrored }, { commandId: `${runId}:groups`, actorId: KNOWLEDGE_SYNC_ACTOR });

    const known = await this.known(sourceId);
    let next = mode === 'full' ? null : cursor;
    progress.phase = 'changes';
    for await (const page of connector.changes(mode === 'full' ? null : cursor)) {
      const plan = planKnowledgeChanges(sourceId, known, { documents: page.documents, deletedIds: page.deletedIds }, this.clock());
      await this.apply(runId, plan, known);
      addSyncCounts(counts, plan.counts);
      failures.push(...plan.failures, ...(page.failures ?? []));
      counts.failed += page.failures?.length ?? 0;
      if (page.cursor !== null) next = page.cursor;
      progress.done += page.documents.length + page.deletedIds.length;
      progress.total = page.total ?? progress.total;
      await onProgress(progress);
    }

    progress.phase = 'prune';
    await onProgress(progress);
    const listed = new Set<string>();
    let pruned = false;
    try {
      for await (const ids of connector.listIds()) ids.forEach((id) => listed.add(id));
      pruned = true;
    } catch (e) {
      counts.failed++;
      failures.push({ nativeId: '*', reason: `listing failed, nothing pruned: ${(e as Error).message}` });
    }
    if (pruned) {
      const plan = planKnowledgePrune(sourceId, known, listed, this.clock());
      await this.apply(runId, plan, known);
      addSyncCounts(counts, plan.counts);
    }

    const { failed, published, unchanged, accessChanged, deleted } = counts;
    await this.sources.execute(
      { type: 'CompleteKnowledgeSync', sourceId, run: { mode, cursor: next, published, unchanged, accessChanged, deleted, failed, startedAt } },
      { commandId: `${runId}:completed`, actorId: KNOWLEDGE_SYNC_ACTOR },
    );
    progress.phase = 'done';
    await onProgress(progress);
    return { sourceId, mode, cursor: next, pruned, discovered: progress.done, failures, ...counts };
  }

  /** A removed source: every document it published is deleted from the index (source_removed). */
  async removeDocuments(sourceId: string): Promise<number> {
    const known = await this.known(sourceId);
    const plan = planKnowledgeSourceRemoval(sourceId, known, this.clock());
    await this.apply(`knowledge-removal:${sourceId}:${randomUUID()}`, plan, known);
    return plan.counts.deleted;
  }

  /** Documents the read model knows for the source, as the decider's states. */
  async known(sourceId: string): Promise<Map<string, KnowledgeDocumentState>> {
    const rows: {
      native_id: string;
      title: string;
      breadcrumb: string[];
      url: string;
      content_hash: string;
      language: 'ru' | 'en' | null;
      access: KnowledgeAccess;
      status: 'present' | 'deleted';
    }[] = await this.ds.query(
      `SELECT native_id, title, breadcrumb, url, content_hash, language, access, status FROM knowledge_sources.documents WHERE source_id = $1`,
      [sourceId],
    );
    return new Map(
      rows.map((r) => [
        r.native_id,
        { status: r.status, title: r.title, breadcrumb: r.breadcrumb, url: r.url, contentHash: r.content_hash, language: r.language, access: r.access },
      ]),
    );
  }

  private async apply(runId: string, plan: KnowledgeSyncPlan, known: Map<string, KnowledgeDocumentState>): Promise<void> {
    for (const { command } of plan.decisions) {
      const outcome = await this.documents.execute(command, { commandId: knowledgeSyncCommandId(runId, command), actorId: KNOWLEDGE_SYNC_ACTOR });
      const nativeId = command.type === 'DeleteKnowledgeDocument' ? command.nativeId : command.document.nativeId;
      const state = outcome.events.reduce(evolveKnowledgeDocument, known.get(nativeId) ?? initialKnowledgeDocumentState);
      known.set(nativeId, state);
    }
  }
}

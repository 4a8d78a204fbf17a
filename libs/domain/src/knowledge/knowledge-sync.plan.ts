import { knowledgeDocumentKey } from '@megabot/contracts';
import {
  decideKnowledgeDocument,
  initialKnowledgeDocumentState,
  type DeleteKnowledgeDocument,
  type KnowledgeDocumentCommand,
  type KnowledgeDocumentEvent,
  type KnowledgeDocumentSnapshot,
  type KnowledgeDocumentState,
} from './knowledge-document.decider';
import { DomainError } from '../shared/domain-error';

/*
 * What one sync step emits, decided from what is known (the documents the index was told about, by native id) and
 * what the connector fetched. The runner appends each command on its document's stream, where the same decider has
 * the last word (the known states may lag the log; a repeat decides nothing).
 */

export interface KnowledgeSyncCounts {
  published: number;
  unchanged: number;
  accessChanged: number;
  deleted: number;
  failed: number;
}
export const emptySyncCounts = (): KnowledgeSyncCounts => ({ published: 0, unchanged: 0, accessChanged: 0, deleted: 0, failed: 0 });

export interface KnowledgeSyncDecision {
  command: KnowledgeDocumentCommand;
  events: KnowledgeDocumentEvent[];
}

export interface KnowledgeSyncPlan {
  /** Only the commands that change something, in the order fetched. */
  decisions: KnowledgeSyncDecision[];
  counts: KnowledgeSyncCounts;
  /** Documents the decider refused (bad tokens, no hash), with why: counted as failed, never half-written. */
  failures: { nativeId: string; reason: string }[];
}

/** One batch of a connector's change feed: documents as they are now, and ids the feed reports deleted. */
export interface KnowledgeChangeBatch {
  documents: KnowledgeDocumentSnapshot[];
  deletedIds?: string[];
}

export type KnownKnowledgeDocuments = ReadonlyMap<string, KnowledgeDocumentState>;

function planInto(plan: KnowledgeSyncPlan, known: KnownKnowledgeDocuments, command: KnowledgeDocumentCommand, nativeId: string, now: Date) {
  try {
    const events = decideKnowledgeDocument(known.get(nativeId) ?? initialKnowledgeDocumentState, command, now);
    if (!events.length) {
      if (command.type === 'ObserveKnowledgeDocument') plan.counts.unchanged++;
      return;
    }
    plan.decisions.push({ command, events });
    for (const e of events) {
      if (e.type === 'KnowledgeDocumentPublished') plan.counts.published++;
      else if (e.type === 'KnowledgeDocumentAccessChanged') plan.counts.accessChanged++;
      else plan.counts.deleted++;
    }
  } catch (e) {
    if (!(e instanceof DomainError)) throw e;
    plan.counts.failed++;
    plan.failures.push({ nativeId, reason: e.message });
  }
}

/** The changes of one batch: new and changed documents published, permission-only changes, deletions the feed reported. */
export function planKnowledgeChanges(sourceId: string, known: KnownKnowledgeDocuments, batch: KnowledgeChangeBatch, now: Date): KnowledgeSyncPlan {
  const plan: KnowledgeSyncPlan = { decisions: [], counts: emptySyncCounts(), failures: [] };
  const fetched = new Set<string>();
  for (const document of batch.documents) {
    if (document.sourceId !== sourceId) throw new Error(`A ${document.sourceId} document in a ${sourceId} batch`);
    if (fetched.has(document.nativeId)) continue; // a feed may list a page twice in one batch; the first is the newest read
    fetched.add(document.nativeId);
    planInto(plan, known, { type: 'ObserveKnowledgeDocument', document }, document.nativeId, now);
  }
  for (const nativeId of batch.deletedIds ?? []) {
    if (fetched.has(nativeId)) continue; // deleted then restored within the batch: the fetched copy is what exists
    planInto(plan, known, deletion(sourceId, nativeId, 'deleted_at_source'), nativeId, now);
  }
  return plan;
}

/**
 * The prune pass: every known, present document missing from the source's complete id listing is deleted at the
 * source. Only ever run with a listing that completed: a partial one would delete what it did not get to.
 */
export function planKnowledgePrune(sourceId: string, known: KnownKnowledgeDocuments, listedIds: ReadonlySet<string>, now: Date): KnowledgeSyncPlan {
  const plan: KnowledgeSyncPlan = { decisions: [], counts: emptySyncCounts(), failures: [] };
  for (const [nativeId, state] of known) {
    if (state.status === 'present' && !listedIds.has(nativeId)) planInto(plan, known, deletion(sourceId, nativeId, 'deleted_at_source'), nativeId, now);
  }
  return plan;
}

/** The source was removed: every document it published goes from the index. */
export function planKnowledgeSourceRemoval(sourceId: string, known: KnownKnowledgeDocuments, now: Date): KnowledgeSyncPlan {
  const plan: KnowledgeSyncPlan = { decisions: [], counts: emptySyncCounts(), failures: [] };
  for (const [nativeId, state] of known) if (state.status === 'present') planInto(plan, known, deletion(sourceId, nativeId, 'source_removed'), nativeId, now);
  return plan;
}

const deletion = (sourceId: string, nativeId: string, reason: DeleteKnowledgeDocument['reason']): DeleteKnowledgeDocument => ({
  type: 'DeleteKnowledgeDocument',
  sourceId,
  nativeId,
  reason,
});

export function addSyncCounts(into: KnowledgeSyncCounts, more: KnowledgeSyncCounts): KnowledgeSyncCounts {
  for (const k of Object.keys(into) as (keyof KnowledgeSyncCounts)[]) into[k] += more[k];
  return into;
}

/**
 * The idempotency key of a sync command: per run and document. Not derived from the content: a page deleted and
 * restored with the same text, or permissions changed and changed back, must be written again. A run repeated
 * after a crash decides on the stream as it is, so what was appended before decides nothing the second time.
 */
export function knowledgeSyncCommandId(runId: string, command: KnowledgeDocumentCommand): string {
  const d = command.type === 'DeleteKnowledgeDocument' ? command : command.document;
  return `${runId}:${knowledgeDocumentKey(d.sourceId, d.nativeId)}`;
}

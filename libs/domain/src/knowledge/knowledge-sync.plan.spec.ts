import { fold } from '../shared/decider';
import { knowledgeDocumentDecider, type KnowledgeDocumentEvent, type KnowledgeDocumentState } from './knowledge-document.decider';
import { knowledgeSyncCommandId, planKnowledgeChanges, planKnowledgePrune, planKnowledgeSourceRemoval } from './knowledge-sync.plan';
import { NOW, snapshot } from './knowledge.fixtures';

/** Given: the documents the index knows (each as its stream's events). */
function given(...streams: KnowledgeDocumentEvent[][]): Map<string, KnowledgeDocumentState> {
  return new Map(streams.map((events) => [(events[0].data as { nativeId: string }).nativeId, fold(knowledgeDocumentDecider, events)]));
}
const pub = (nativeId: string, body: string, over = {}): KnowledgeDocumentEvent => ({
  type: 'KnowledgeDocumentPublished',
  data: snapshot(nativeId, body, over),
});
const types = (plan: ReturnType<typeof planKnowledgeChanges>) =>
  plan.decisions.map((d) => [d.events[0].type, (d.events[0].data as { nativeId: string }).nativeId]);

describe('planning a sync', () => {
  it('publishes new and changed documents only: unchanged content is counted, not re-published', () => {
    const known = given([pub('1', 'one')], [pub('2', 'two')]);
    const plan = planKnowledgeChanges('wiki', known, { documents: [snapshot('1', 'one'), snapshot('2', 'two, edited'), snapshot('3', 'three')] }, NOW);
    expect(types(plan)).toEqual([
      ['KnowledgeDocumentPublished', '2'],
      ['KnowledgeDocumentPublished', '3'],
    ]);
    expect(plan.counts).toEqual({ published: 2, unchanged: 1, accessChanged: 0, deleted: 0, failed: 0 });
  });

  it('a permission change alone is an access change', () => {
    const known = given([pub('1', 'one')]);
    const access = { public: false, allow: ['user:e-1'], classification: 'internal' as const };
    const plan = planKnowledgeChanges('wiki', known, { documents: [snapshot('1', 'one', { access })] }, NOW);
    expect(types(plan)).toEqual([['KnowledgeDocumentAccessChanged', '1']]);
    expect(plan.counts.accessChanged).toBe(1);
  });

  it('deletions from the change feed delete known documents; unknown ids and ids fetched in the same batch are left alone', () => {
    const known = given([pub('1', 'one')], [pub('2', 'two')]);
    const plan = planKnowledgeChanges('wiki', known, { documents: [snapshot('2', 'two')], deletedIds: ['1', '2', '9'] }, NOW);
    expect(types(plan)).toEqual([['KnowledgeDocumentDeleted', '1']]);
    expect(plan.counts).toMatchObject({ deleted: 1, unchanged: 1 });
  });

  it('a document the decider refuses is counted as failed and the rest go on', () => {
    const plan = planKnowledgeChanges(
      'wiki',
      new Map(),
      { documents: [snapshot('1', 'x', { access: { public: false, allow: ['anyone'], classification: 'internal' } }), snapshot('2', 'y')] },
      NOW,
    );
    expect(types(plan)).toEqual([['KnowledgeDocumentPublished', '2']]);
    expect(plan.failures).toEqual([{ nativeId: '1', reason: expect.stringContaining('anyone') }]);
    expect(plan.counts.failed).toBe(1);
  });

  it('the prune pass deletes every present document missing from the complete listing', () => {
    const deleted: KnowledgeDocumentEvent = {
      type: 'KnowledgeDocumentDeleted',
      data: { sourceId: 'wiki', nativeId: '3', reason: 'deleted_at_source', deletedAt: NOW.toISOString() },
    };
    const known = given([pub('1', 'one')], [pub('2', 'two')], [pub('3', 'three'), deleted]);
    const plan = planKnowledgePrune('wiki', known, new Set(['1']), NOW);
    expect(types(plan)).toEqual([['KnowledgeDocumentDeleted', '2']]);
    expect(plan.decisions[0].events[0].data).toMatchObject({ reason: 'deleted_at_source' });
  });

  it('removing a source deletes all its present documents as source_removed', () => {
    const plan = planKnowledgeSourceRemoval('wiki', given([pub('1', 'one')], [pub('2', 'two')]), NOW);
    expect(plan.decisions.map((d) => d.events[0].data)).toEqual([
      expect.objectContaining({ nativeId: '1', reason: 'source_removed' }),
      expect.objectContaining({ nativeId: '2', reason: 'source_removed' }),
    ]);
  });

  it('command ids are per run and document', () => {
    const observe = { type: 'ObserveKnowledgeDocument' as const, document: snapshot('HR/a b.md', 'x') };
    expect(knowledgeSyncCommandId('run-1', observe)).toBe('run-1:wiki:HR%2Fa%20b.md');
    expect(knowledgeSyncCommandId('run-2', observe)).not.toBe(knowledgeSyncCommandId('run-1', observe));
  });
});

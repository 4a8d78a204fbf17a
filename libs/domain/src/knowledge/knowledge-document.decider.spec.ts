import { deciderSpec } from '../shared/decider-spec';
import { knowledgeDocumentDecider, knowledgeGroupsDecider, type KnowledgeDocumentEvent } from './knowledge-document.decider';
import { NOW, snapshot } from './knowledge.fixtures';

const spec = deciderSpec(knowledgeDocumentDecider);
const published = (d = snapshot('1', 'Vacation: 28 days.')): KnowledgeDocumentEvent => ({ type: 'KnowledgeDocumentPublished', data: d });

describe('knowledge document decider', () => {
  it('publishes a document seen for the first time, with its permissions sorted and unique', () => {
    const d = snapshot('1', 'text', { access: { public: false, allow: ['user:e-2', 'department:hr', 'user:e-2'], classification: 'internal' } });
    spec
      .given([])
      .when({ type: 'ObserveKnowledgeDocument', document: d }, NOW)
      .then([published({ ...d, access: { public: false, allow: ['department:hr', 'user:e-2'], classification: 'internal' } })]);
  });

  it('emits nothing for unchanged content and permissions (a newer source version alone changes nothing)', () => {
    spec
      .given([published()])
      .when({ type: 'ObserveKnowledgeDocument', document: snapshot('1', 'Vacation: 28 days.', { sourceVersion: '7', modifiedAt: NOW.toISOString() }) }, NOW)
      .then([]);
  });

  it('re-publishes changed content, and a renamed or moved page', () => {
    spec
      .given([published()])
      .when({ type: 'ObserveKnowledgeDocument', document: snapshot('1', 'Vacation: 31 days.') }, NOW)
      .then([published(snapshot('1', 'Vacation: 31 days.'))]);
    const renamed = snapshot('1', 'Vacation: 28 days.', { title: 'Leave policy' });
    spec
      .given([published()])
      .when({ type: 'ObserveKnowledgeDocument', document: renamed }, NOW)
      .then([published(renamed)]);
    const moved = snapshot('1', 'Vacation: 28 days.', { breadcrumb: ['HR'] });
    spec
      .given([published()])
      .when({ type: 'ObserveKnowledgeDocument', document: moved }, NOW)
      .then([published(moved)]);
  });

  it('changes only the permissions when only they changed (no re-embedding downstream)', () => {
    const access = { public: false, allow: ['group:wiki/hr'], classification: 'internal' as const };
    spec
      .given([published()])
      .when({ type: 'ObserveKnowledgeDocument', document: snapshot('1', 'Vacation: 28 days.', { access }) }, NOW)
      .then([{ type: 'KnowledgeDocumentAccessChanged', data: { sourceId: 'wiki', nativeId: '1', access, changedAt: NOW.toISOString() } }]);
  });

  it('permissions listed in another order are the same permissions', () => {
    const a = snapshot('1', 'x', { access: { public: false, allow: ['user:a', 'user:b'], classification: 'internal' } });
    const b = snapshot('1', 'x', { access: { public: false, allow: ['user:b', 'user:a'], classification: 'internal' } });
    spec
      .given([published(a)])
      .when({ type: 'ObserveKnowledgeDocument', document: b }, NOW)
      .then([]);
  });

  it('deletes a present document once; a deleted one seen again is published again', () => {
    const deleted: KnowledgeDocumentEvent = {
      type: 'KnowledgeDocumentDeleted',
      data: { sourceId: 'wiki', nativeId: '1', reason: 'deleted_at_source', deletedAt: NOW.toISOString() },
    };
    spec.given([published()]).when({ type: 'DeleteKnowledgeDocument', sourceId: 'wiki', nativeId: '1', reason: 'deleted_at_source' }, NOW).then([deleted]);
    spec.given([published(), deleted]).when({ type: 'DeleteKnowledgeDocument', sourceId: 'wiki', nativeId: '1', reason: 'deleted_at_source' }, NOW).then([]);
    spec.given([]).when({ type: 'DeleteKnowledgeDocument', sourceId: 'wiki', nativeId: '1', reason: 'deleted_at_source' }, NOW).then([]);
    spec
      .given([published(), deleted])
      .when({ type: 'ObserveKnowledgeDocument', document: snapshot('1', 'Vacation: 28 days.') }, NOW)
      .then([published()]);
  });

  it('refuses a token outside the access vocabulary and a body without its hash', () => {
    const bad = snapshot('1', 'x', { access: { public: false, allow: ['everyone'], classification: 'internal' } });
    spec.given([]).when({ type: 'ObserveKnowledgeDocument', document: bad }, NOW).thenThrows('knowledge.invalid_document', { nativeId: '1' });
    spec
      .given([])
      .when({ type: 'ObserveKnowledgeDocument', document: snapshot('1', 'x', { contentHash: 'abc' }) }, NOW)
      .thenThrows('knowledge.invalid_document');
  });
});

describe('knowledge groups decider', () => {
  const groups = deciderSpec(knowledgeGroupsDecider);
  const mirrored = {
    type: 'KnowledgeGroupsMirrored' as const,
    data: { sourceId: 'cf', groups: { hr: ['e-1', 'e-2'] }, unmapped: 0, mirroredAt: NOW.toISOString() },
  };

  it('mirrors the membership when it changed, sorted; the same membership again writes nothing', () => {
    groups
      .given([])
      .when({ type: 'MirrorKnowledgeGroups', sourceId: 'cf', groups: { hr: ['e-2', 'e-1', 'e-1'] }, unmapped: 0 }, NOW)
      .then([mirrored]);
    groups
      .given([mirrored])
      .when({ type: 'MirrorKnowledgeGroups', sourceId: 'cf', groups: { hr: ['e-1', 'e-2'] }, unmapped: 0 }, NOW)
      .then([]);
    groups
      .given([mirrored])
      .when({ type: 'MirrorKnowledgeGroups', sourceId: 'cf', groups: { hr: ['e-1'] }, unmapped: 1 }, NOW)
      .then([{ ...mirrored, data: { ...mirrored.data, groups: { hr: ['e-1'] }, unmapped: 1 } }]);
  });
});

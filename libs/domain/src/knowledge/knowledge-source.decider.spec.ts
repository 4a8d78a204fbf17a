import { deciderSpec } from '../shared/decider-spec';
import { fold } from '../shared/decider';
import { knowledgeSourceDecider, knowledgeSyncDue, type ConfigureKnowledgeSource, type KnowledgeSourceEvent } from './knowledge-source.decider';
import { admin, employee, NOW } from './knowledge.fixtures';

const spec = deciderSpec(knowledgeSourceDecider);
const configure = (over: Partial<ConfigureKnowledgeSource> = {}): ConfigureKnowledgeSource => ({
  type: 'ConfigureKnowledgeSource',
  sourceId: 'wiki',
  kind: 'mediawiki',
  name: 'Company wiki',
  location: 'https://wiki.example.com/w',
  settings: { namespaces: ['0', '4'] },
  credentialRef: 'KNOWLEDGE_SECRET_WIKI',
  syncEveryMinutes: 30,
  actor: admin,
  ...over,
});
const configured: KnowledgeSourceEvent = {
  type: 'KnowledgeSourceConfigured',
  data: {
    sourceId: 'wiki',
    kind: 'mediawiki',
    name: 'Company wiki',
    location: 'https://wiki.example.com/w',
    settings: { namespaces: ['0', '4'] },
    credentialRef: 'KNOWLEDGE_SECRET_WIKI',
    syncEveryMinutes: 30,
    configuredBy: 'e-admin',
    configuredAt: NOW.toISOString(),
  },
};
const completed = (mode: 'full' | 'incremental', startedAt: string, completedAt: string): KnowledgeSourceEvent => ({
  type: 'KnowledgeSyncCompleted',
  data: { sourceId: 'wiki', mode, cursor: 'c1', published: 1, unchanged: 0, accessChanged: 0, deleted: 0, failed: 0, startedAt, completedAt },
});

describe('knowledge source decider', () => {
  it('configures a source; the same configuration again writes nothing; a change is written again', () => {
    spec.given([]).when(configure(), NOW).then([configured]);
    spec.given([configured]).when(configure(), NOW).then([]);
    spec
      .given([configured])
      .when(configure({ name: 'Wiki' }), NOW)
      .then([{ ...configured, data: { ...configured.data, name: 'Wiki' } } as KnowledgeSourceEvent]);
  });

  it('is for admins only', () => {
    spec
      .given([])
      .when(configure({ actor: employee }), NOW)
      .thenThrows('knowledge.admin_required');
    spec.given([configured]).when({ type: 'RemoveKnowledgeSource', sourceId: 'wiki', actor: employee }, NOW).thenThrows('knowledge.admin_required');
  });

  it('refuses a secret in place of its reference, and a reference outside KNOWLEDGE_SECRET_*', () => {
    spec
      .given([])
      .when(configure({ credentialRef: 'hunter2-token' }), NOW)
      .thenThrows('knowledge.invalid_settings', { field: 'credentialRef' });
    spec
      .given([])
      .when(configure({ credentialRef: 'DATABASE_URL' }), NOW)
      .thenThrows('knowledge.invalid_settings', { field: 'credentialRef' });
  });

  it('refuses bad ids, URLs, schedules and settings, and a change of kind', () => {
    spec
      .given([])
      .when(configure({ sourceId: 'Wiki Main' }), NOW)
      .thenThrows('knowledge.invalid_source_id');
    spec
      .given([])
      .when(configure({ location: 'wiki.example.com' }), NOW)
      .thenThrows('knowledge.invalid_settings', { field: 'location' });
    spec
      .given([])
      .when(configure({ syncEveryMinutes: 0 }), NOW)
      .thenThrows('knowledge.invalid_settings', { field: 'syncEveryMinutes' });
    spec
      .given([])
      .when(configure({ settings: { nested: { a: 1 } as unknown as string } }), NOW)
      .thenThrows('knowledge.invalid_settings', { field: 'settings.nested' });
    spec
      .given([configured])
      .when(configure({ kind: 'confluence' }), NOW)
      .thenThrows('knowledge.kind_changed');
    spec
      .given([])
      .when(configure({ kind: 'fileshare', location: 'docs/share' }), NOW)
      .then([{ ...configured, data: { ...configured.data, kind: 'fileshare', location: 'docs/share' } } as KnowledgeSourceEvent]);
  });

  it('removes once, and refuses a sync of a removed or unknown source', () => {
    const removed: KnowledgeSourceEvent = { type: 'KnowledgeSourceRemoved', data: { sourceId: 'wiki', removedBy: 'e-admin', removedAt: NOW.toISOString() } };
    spec.given([configured]).when({ type: 'RemoveKnowledgeSource', sourceId: 'wiki', actor: admin }, NOW).then([removed]);
    spec.given([configured, removed]).when({ type: 'RemoveKnowledgeSource', sourceId: 'wiki', actor: admin }, NOW).then([]);
    spec
      .given([configured, removed])
      .when({ type: 'RequestKnowledgeSync', sourceId: 'wiki', mode: 'full', actor: admin }, NOW)
      .thenThrows('knowledge.source_removed');
    spec.given([]).when({ type: 'RequestKnowledgeSync', sourceId: 'wiki', mode: 'full', actor: admin }, NOW).thenThrows('knowledge.source_not_found');
  });

  it('records a run of an active source, and nothing for a source removed during the run', () => {
    const run = {
      mode: 'full' as const,
      cursor: 'c1',
      published: 1,
      unchanged: 0,
      accessChanged: 0,
      deleted: 0,
      failed: 0,
      startedAt: '2026-12-03T09:59:00.000Z',
    };
    spec
      .given([configured])
      .when({ type: 'CompleteKnowledgeSync', sourceId: 'wiki', run }, NOW)
      .then([completed('full', run.startedAt, NOW.toISOString())]);
    const removed: KnowledgeSourceEvent = { type: 'KnowledgeSourceRemoved', data: { sourceId: 'wiki', removedBy: 'e-admin', removedAt: NOW.toISOString() } };
    spec.given([configured, removed]).when({ type: 'CompleteKnowledgeSync', sourceId: 'wiki', run }, NOW).then([]);
  });
});

describe('knowledgeSyncDue', () => {
  const at = (iso: string) => new Date(iso);
  const state = (events: KnowledgeSourceEvent[]) => fold(knowledgeSourceDecider, events);

  it('a new source syncs in full at once', () => {
    expect(knowledgeSyncDue(state([configured]), NOW)).toBe('full');
  });

  it('a request newer than the last run is due in its mode; an older one is not', () => {
    const done = completed('full', '2026-12-03T09:00:00.000Z', '2026-12-03T09:01:00.000Z');
    const request = (requestedAt: string): KnowledgeSourceEvent => ({
      type: 'KnowledgeSyncRequested',
      data: { sourceId: 'wiki', mode: 'incremental', requestedBy: 'e-admin', requestedAt },
    });
    expect(knowledgeSyncDue(state([configured, done, request('2026-12-03T09:10:00.000Z')]), at('2026-12-03T09:10:01.000Z'))).toBe('incremental');
    expect(knowledgeSyncDue(state([configured, request('2026-12-03T08:59:00.000Z'), done]), at('2026-12-03T09:10:01.000Z'))).toBeNull();
  });

  it('on schedule: incremental every syncEveryMinutes, full once the last full run is a day old', () => {
    const full = completed('full', '2026-12-03T09:00:00.000Z', '2026-12-03T09:01:00.000Z');
    expect(knowledgeSyncDue(state([configured, full]), at('2026-12-03T09:30:00.000Z'))).toBeNull();
    expect(knowledgeSyncDue(state([configured, full]), at('2026-12-03T09:31:00.000Z'))).toBe('incremental');
    const inc = completed('incremental', '2026-12-04T08:30:00.000Z', '2026-12-04T08:31:00.000Z');
    expect(knowledgeSyncDue(state([configured, full, inc]), at('2026-12-04T09:01:00.000Z'))).toBe('full');
    const onDemand = { ...configured, data: { ...configured.data, syncEveryMinutes: null } } as KnowledgeSourceEvent;
    expect(knowledgeSyncDue(state([onDemand, full]), at('2026-12-09T00:00:00.000Z'))).toBeNull();
  });
});

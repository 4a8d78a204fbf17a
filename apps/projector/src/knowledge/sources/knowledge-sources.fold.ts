import type { KnowledgeEvent } from '@megabot/contracts';
import type { RecordedEvent } from '@megabot/event-store';
import type { KnowledgeSourceDocumentRow, KnowledgeSourceRow } from '@megabot/read-model';

/*
 * The knowledge sources' read model as pure functions of the recorded events. Rows carry the last applied stream
 * revision: an event at or below it returns the row unchanged (the same object), so a replay changes nothing.
 */

const eventOf = (e: RecordedEvent) => ({ type: e.type, data: e.data }) as KnowledgeEvent;

export function evolveKnowledgeSourceRow(row: KnowledgeSourceRow | undefined, event: RecordedEvent): KnowledgeSourceRow | undefined {
  const e = eventOf(event);
  const revision = event.revision.toString();
  if (row && BigInt(row.revision) >= event.revision) return row;
  if (e.type === 'KnowledgeSourceConfigured') {
    const d = e.data;
    const fresh = !row || row.status === 'removed';
    return {
      source_id: d.sourceId,
      kind: d.kind,
      name: d.name,
      location: d.location,
      settings: d.settings,
      credential_ref: d.credentialRef,
      sync_every_minutes: d.syncEveryMinutes,
      status: 'active',
      requested_mode: fresh ? null : row.requested_mode,
      requested_at: fresh ? null : row.requested_at,
      last_sync: fresh ? null : row.last_sync,
      configured_by: d.configuredBy,
      configured_at: fresh ? new Date(d.configuredAt) : row.configured_at,
      updated_at: new Date(d.configuredAt),
      revision,
    };
  }
  if (!row) return row;
  switch (e.type) {
    case 'KnowledgeSourceRemoved':
      return { ...row, status: 'removed', updated_at: new Date(e.data.removedAt), revision };
    case 'KnowledgeSyncRequested':
      return { ...row, requested_mode: e.data.mode, requested_at: new Date(e.data.requestedAt), updated_at: new Date(e.data.requestedAt), revision };
    case 'KnowledgeSyncCompleted':
      return { ...row, last_sync: e.data, updated_at: new Date(e.data.completedAt), revision };
    default:
      return row;
  }
}

export function evolveKnowledgeDocumentRow(row: KnowledgeSourceDocumentRow | undefined, event: RecordedEvent): KnowledgeSourceDocumentRow | undefined {
  const e = eventOf(event);
  if (row && BigInt(row.revision) >= event.revision) return row;
  const revision = event.revision.toString();
  switch (e.type) {
    case 'KnowledgeDocumentPublished': {
      const d = e.data;
      return {
        source_id: d.sourceId,
        native_id: d.nativeId,
        title: d.title,
        breadcrumb: d.breadcrumb,
        url: d.url,
        content_hash: d.contentHash,
        language: d.language,
        access: d.access,
        status: 'present',
        updated_at: event.recordedAt,
        revision,
      };
    }
    case 'KnowledgeDocumentAccessChanged':
      return row && { ...row, access: e.data.access, updated_at: event.recordedAt, revision };
    case 'KnowledgeDocumentDeleted':
      return row && { ...row, status: 'deleted', updated_at: event.recordedAt, revision };
    default:
      return row;
  }
}

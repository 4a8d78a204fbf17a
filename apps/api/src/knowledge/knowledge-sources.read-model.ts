import type { KnowledgeSourceView } from '@megabot/contracts';
import type { KnowledgeSourceRow } from '@megabot/read-model';

/** A source with its document count and the runner's progress, as the sources API shows it (the credential by name only). */
export const SOURCE_SELECT = `SELECT s.*,
    (SELECT count(*)::int FROM knowledge_sources.documents d WHERE d.source_id = s.source_id AND d.status = 'present') AS documents,
    p.state AS p_state, p.mode AS p_mode, p.phase AS p_phase, p.done AS p_done, p.total AS p_total, p.counts AS p_counts,
    p.started_at AS p_started_at, p.updated_at AS p_updated_at, p.last_error AS p_last_error, p.retry_at AS p_retry_at
  FROM knowledge_sources.sources s LEFT JOIN knowledge_sync.progress p ON p.source_id = s.source_id`;

export type SourceViewRow = KnowledgeSourceRow & {
  documents: number;
  p_state: 'running' | 'idle' | 'failed' | null;
  p_mode: 'incremental' | 'full' | null;
  p_phase: string | null;
  p_done: number | null;
  p_total: number | null;
  p_counts: Record<string, number> | null;
  p_started_at: Date | null;
  p_updated_at: Date | null;
  p_last_error: string | null;
  p_retry_at: Date | null;
};

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

export function sourceView(r: SourceViewRow): KnowledgeSourceView {
  return {
    sourceId: r.source_id,
    kind: r.kind,
    name: r.name,
    location: r.location,
    settings: r.settings,
    credentialRef: r.credential_ref,
    syncEveryMinutes: r.sync_every_minutes,
    status: r.status,
    documents: r.documents,
    requested: r.requested_mode && r.requested_at ? { mode: r.requested_mode, at: iso(r.requested_at)! } : null,
    lastSync: r.last_sync,
    progress: r.p_state
      ? {
          state: r.p_state,
          mode: r.p_mode,
          phase: r.p_phase,
          done: r.p_done ?? 0,
          total: r.p_total,
          counts: r.p_counts,
          startedAt: iso(r.p_started_at),
          updatedAt: iso(r.p_updated_at)!,
          lastError: r.p_last_error,
          retryAt: iso(r.p_retry_at),
        }
      : null,
    configuredBy: r.configured_by,
    configuredAt: iso(r.configured_at)!,
  };
}

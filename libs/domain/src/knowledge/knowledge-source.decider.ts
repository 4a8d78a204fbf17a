import {
  isAdmin,
  KNOWLEDGE_SCHEMA_VERSIONS,
  KNOWLEDGE_SOURCE_ID_PATTERN,
  KNOWLEDGE_SOURCE_KINDS,
  knowledgeSourceStreamId,
  type Actor,
  type KnowledgeSourceConfigured,
  type KnowledgeSourceKind,
  type KnowledgeSourceRemoved,
  type KnowledgeSyncCompleted,
  type KnowledgeSyncRequested,
} from '@megabot/contracts';
import type { Decider } from '../shared/decider';
import { versionsFrom, type WriteSideDefinition } from '../shared/write-side';
import { KnowledgeErrors } from './knowledge.errors';

export type KnowledgeSourceEvent = KnowledgeSourceConfigured | KnowledgeSourceRemoved | KnowledgeSyncRequested | KnowledgeSyncCompleted;
export type KnowledgeSourceSettings = KnowledgeSourceConfigured['data']['settings'];
export type KnowledgeSyncMode = KnowledgeSyncCompleted['data']['mode'];

/**
 * Credentials are never stored: a source names the environment variable that holds its secret (read by the sync
 * runner in the projector only). The prefix keeps an admin from pointing a source at the platform's own secrets
 * (DATABASE_URL, the signing keys) and sending them to a server of their choice.
 */
export const KNOWLEDGE_CREDENTIAL_REF_PATTERN = /^KNOWLEDGE_SECRET_[A-Z0-9_]{1,64}$/;

/** Stream `knowledge-source-<sourceId>`. Configured again = updated (an unchanged configuration writes nothing). Admins only. */
export interface ConfigureKnowledgeSource {
  type: 'ConfigureKnowledgeSource';
  sourceId: string;
  kind: KnowledgeSourceKind;
  name: string;
  location: string;
  settings?: KnowledgeSourceSettings;
  credentialRef?: string | null;
  syncEveryMinutes?: number | null;
  actor: Actor;
}
export interface RemoveKnowledgeSource {
  type: 'RemoveKnowledgeSource';
  sourceId: string;
  actor: Actor;
}
export interface RequestKnowledgeSync {
  type: 'RequestKnowledgeSync';
  sourceId: string;
  mode: KnowledgeSyncMode;
  actor: Actor;
}
/** The sync runner's record of a finished run (no actor: the runner is the system). */
export interface CompleteKnowledgeSync {
  type: 'CompleteKnowledgeSync';
  sourceId: string;
  run: Omit<KnowledgeSyncCompleted['data'], 'sourceId' | 'completedAt'>;
}
export type KnowledgeSourceCommand = ConfigureKnowledgeSource | RemoveKnowledgeSource | RequestKnowledgeSync | CompleteKnowledgeSync;

export type KnowledgeSourceState =
  | { status: 'none' }
  | {
      status: 'active' | 'removed';
      config: Omit<KnowledgeSourceConfigured['data'], 'configuredBy' | 'configuredAt'>;
      /** The newest request and the newest run (what the runner compares to know whether a request is pending). */
      requested: { mode: KnowledgeSyncMode; at: string } | null;
      completed: KnowledgeSyncCompleted['data'] | null;
      /** The cursor the next incremental poll starts from. */
      cursor: string | null;
      /** When the last full run (every document re-read, permissions included) started. */
      lastFullAt: string | null;
    };

export const initialKnowledgeSourceState: KnowledgeSourceState = Object.freeze({ status: 'none' }) as KnowledgeSourceState;

export function evolveKnowledgeSource(state: KnowledgeSourceState, event: KnowledgeSourceEvent): KnowledgeSourceState {
  switch (event.type) {
    case 'KnowledgeSourceConfigured': {
      const { configuredBy: _by, configuredAt: _at, ...config } = event.data;
      if (state.status === 'active') return { ...state, config };
      // Configured anew after a removal: a fresh start (the removal deleted its documents).
      return { status: 'active', config, requested: null, completed: null, cursor: null, lastFullAt: null };
    }
    case 'KnowledgeSourceRemoved':
      return state.status === 'none' ? state : { ...state, status: 'removed' };
    case 'KnowledgeSyncRequested':
      return state.status === 'none' ? state : { ...state, requested: { mode: event.data.mode, at: event.data.requestedAt } };
    case 'KnowledgeSyncCompleted':
      if (state.status === 'none') return state;
      return { ...state, completed: event.data, cursor: event.data.cursor, lastFullAt: event.data.mode === 'full' ? event.data.startedAt : state.lastFullAt };
    default:
      return state;
  }
}

const URL_KINDS: ReadonlySet<KnowledgeSourceKind> = new Set(['confluence', 'mediawiki']);

function checkConfig(c: ConfigureKnowledgeSource): KnowledgeSourceState & { status: 'active' } {
  if (!KNOWLEDGE_SOURCE_ID_PATTERN.test(c.sourceId ?? '')) throw KnowledgeErrors.invalidSourceId(c.sourceId);
  if (!KNOWLEDGE_SOURCE_KINDS.includes(c.kind)) throw KnowledgeErrors.invalidSettings('kind', `one of ${KNOWLEDGE_SOURCE_KINDS.join(', ')}`);
  const name = (c.name ?? '').trim();
  if (!name || name.length > 100) throw KnowledgeErrors.invalidSettings('name', '1 to 100 characters are required');
  const location = (c.location ?? '').trim();
  if (!location || location.length > 1000) throw KnowledgeErrors.invalidSettings('location', '1 to 1000 characters are required');
  if (URL_KINDS.has(c.kind) && !/^https?:\/\/[^\s/]+/.test(location)) throw KnowledgeErrors.invalidSettings('location', 'an http(s) URL is required');
  if (URL_KINDS.has(c.kind) && /^https?:\/\/[^/]*@/.test(location))
    throw KnowledgeErrors.invalidSettings('location', 'no credentials in the URL: name them in credentialRef (an environment variable)');
  const credentialRef = c.credentialRef ?? null;
  if (credentialRef !== null && !KNOWLEDGE_CREDENTIAL_REF_PATTERN.test(credentialRef))
    throw KnowledgeErrors.invalidSettings('credentialRef', 'the name of an environment variable starting with KNOWLEDGE_SECRET_ (never the secret itself)');
  const every = c.syncEveryMinutes ?? null;
  if (every !== null && (!Number.isInteger(every) || every < 1 || every > 7 * 24 * 60))
    throw KnowledgeErrors.invalidSettings('syncEveryMinutes', 'whole minutes from 1 to 10080, or null for on demand only');
  const settings = c.settings ?? {};
  for (const [key, value] of Object.entries(settings)) {
    const ok = ['string', 'number', 'boolean'].includes(typeof value) || (Array.isArray(value) && value.every((v) => typeof v === 'string'));
    if (!ok) throw KnowledgeErrors.invalidSettings(`settings.${key}`, 'a string, number, boolean or list of strings is required');
  }
  return {
    status: 'active',
    config: { sourceId: c.sourceId, kind: c.kind, name, location, settings, credentialRef, syncEveryMinutes: every },
    requested: null,
    completed: null,
    cursor: null,
    lastFullAt: null,
  };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export function decideKnowledgeSource(state: KnowledgeSourceState, c: KnowledgeSourceCommand, now: Date): KnowledgeSourceEvent[] {
  const at = now.toISOString();
  if (c.type === 'CompleteKnowledgeSync') {
    if (state.status !== 'active') return []; // removed meanwhile: the removal wins, the run leaves no record
    return [{ type: 'KnowledgeSyncCompleted', data: { sourceId: state.config.sourceId, ...c.run, completedAt: at } }];
  }
  if (!isAdmin(c.actor)) throw KnowledgeErrors.adminRequired('manage knowledge sources');
  if (c.type === 'ConfigureKnowledgeSource') {
    const next = checkConfig(c);
    if (state.status === 'active') {
      if (state.config.kind !== next.config.kind) throw KnowledgeErrors.kindChanged(c.sourceId, state.config.kind);
      if (same(state.config, next.config)) return [];
    }
    return [{ type: 'KnowledgeSourceConfigured', data: { ...next.config, configuredBy: c.actor.employeeId, configuredAt: at } }];
  }
  if (state.status === 'none') throw KnowledgeErrors.sourceNotFound(c.sourceId);
  if (c.type === 'RemoveKnowledgeSource') {
    if (state.status === 'removed') return [];
    return [{ type: 'KnowledgeSourceRemoved', data: { sourceId: state.config.sourceId, removedBy: c.actor.employeeId, removedAt: at } }];
  }
  if (state.status === 'removed') throw KnowledgeErrors.sourceRemoved(c.sourceId);
  if (c.mode !== 'incremental' && c.mode !== 'full') throw KnowledgeErrors.invalidSettings('mode', 'incremental or full');
  return [{ type: 'KnowledgeSyncRequested', data: { sourceId: state.config.sourceId, mode: c.mode, requestedBy: c.actor.employeeId, requestedAt: at } }];
}

export const knowledgeSourceDecider: Decider<KnowledgeSourceCommand, KnowledgeSourceEvent, KnowledgeSourceState> = {
  initialState: initialKnowledgeSourceState,
  evolve: evolveKnowledgeSource,
  decide: decideKnowledgeSource,
};

export const knowledgeSourceWriteSide: WriteSideDefinition<KnowledgeSourceCommand, KnowledgeSourceEvent, KnowledgeSourceState> = {
  name: 'knowledge.source',
  decider: knowledgeSourceDecider,
  streamOf: (command) => knowledgeSourceStreamId(command.sourceId),
  schemaVersionOf: versionsFrom(KNOWLEDGE_SCHEMA_VERSIONS),
};

/** Hours between full runs of a scheduled source (settings.fullSyncEveryHours): permission changes that bump no version show up then. */
export const DEFAULT_FULL_SYNC_EVERY_HOURS = 24;

/**
 * Is a sync due for this source now, and which: never synced (full), a request newer than the last run, or its
 * schedule elapsed (full when the last full run is older than fullSyncEveryHours, incremental otherwise).
 */
export function knowledgeSyncDue(state: KnowledgeSourceState, now: Date): KnowledgeSyncMode | null {
  if (state.status !== 'active') return null;
  const last = state.completed;
  if (!last) return 'full';
  if (state.requested && state.requested.at > last.startedAt) return state.requested.mode;
  const every = state.config.syncEveryMinutes;
  if (every === null || now.getTime() - Date.parse(last.completedAt) < every * 60_000) return null;
  const fullHours = Number(state.config.settings.fullSyncEveryHours ?? DEFAULT_FULL_SYNC_EVERY_HOURS);
  const fullDue = !state.lastFullAt || now.getTime() - Date.parse(state.lastFullAt) >= fullHours * 3_600_000;
  return fullDue ? 'full' : 'incremental';
}

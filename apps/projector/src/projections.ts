import type { DataSource } from 'typeorm';
import { createKnowledgeEmbedder, createKnowledgeVectors, type KnowledgeSettings } from '@megabot/knowledge';
import type { ChainKey, ChainKeyring, CheckpointSigner, EventStore } from '@megabot/event-store';
import { AuditCheckpointManager } from './auction/audit/audit-checkpoint.manager';
import { AuctionProjection } from './auction/auction.projection';
import { AuctionClosingManager } from './auction/closing/auction-closing.manager';
import { CompanyProjection } from './company/company.projection';
import { DirectoryProjection } from './directory/directory.projection';
import { IdentityProjection } from './identity/identity.projection';
import { KnowledgeProjection, type KnowledgeProjectionOptions } from './knowledge/knowledge.projection';
import { CodeMailReactor } from './identity/mail/code-mail.reactor';
import { OffboardingManager } from './identity/offboarding/offboarding.manager';
import { KnowledgeSyncManager } from './knowledge/sync/knowledge-sync.manager';
import { KnowledgeSourcesProjection } from './knowledge/sources/knowledge-sources.projection';
import type { ProcessManager } from './process-manager';
import type { Projection } from './projection';
import { DisplayScheduleProjection } from './rooms/displays/display-schedule.projection';
import { RoomsReleaseManager } from './rooms/rooms-release.manager';
import { RoomsReminderManager } from './rooms/rooms-reminder.manager';
import { RoomsProjection } from './rooms/rooms.projection';
import { SeriesAttendanceManager } from './rooms/series-attendance.manager';
import { SeatingOffboardingManager } from './seating/seating-offboarding.manager';
import { SeatingProjection } from './seating/seating.projection';
import { TimesheetsReminderManager } from './timesheets/timesheets-reminder.manager';
import { AnnouncementsManager } from './company/announcements.manager';
import { TimesheetsProjection } from './timesheets/timesheets.projection';

/** Every projection this app runs, by name (the name used by `projections:rebuild`). The knowledge index embeds as configured (embedded default without settings). */
export function allProjections(knowledge: KnowledgeSettings = {}): Projection[] {
  return [
    new AuctionProjection(),
    new IdentityProjection(),
    new DisplayScheduleProjection(),
    new RoomsProjection(),
    new TimesheetsProjection(),
    new DirectoryProjection(),
    new CompanyProjection(),
    new SeatingProjection(),
    new KnowledgeSourcesProjection(),
    new KnowledgeProjection(knowledgeProjectionOptions(knowledge)),
  ];
}

export function knowledgeProjectionOptions(settings: KnowledgeSettings): KnowledgeProjectionOptions {
  return { embedder: createKnowledgeEmbedder(settings), vectors: createKnowledgeVectors(settings) };
}

export type { ProcessManager } from './process-manager';

export interface ProcessManagerDeps {
  store: EventStore;
  ds: DataSource;
  log?: (message: string) => void;
  /** The audit keys: the chain key the closing manager writes under, the keyring and signer of the checkpoints. */
  audit?: { chainKey: ChainKey; keyring: ChainKeyring; signer: CheckpointSigner; checkpointEveryMinutes?: number };
  /** The knowledge sources' sync: folders file shares may be read from, and where credentials are looked up. */
  knowledge?: { shareRoots: string[]; secrets: Readonly<Record<string, string | undefined>> };
}

/** Every process manager this app runs. */
export function allProcessManagers({ store, ds, log, audit, knowledge }: ProcessManagerDeps): ProcessManager[] {
  return [
    new AuctionClosingManager(store, ds, { log, chainKey: audit?.chainKey }),
    ...(audit ? [new AuditCheckpointManager(store, ds, audit, { log, everyMinutes: audit.checkpointEveryMinutes })] : []),
    new OffboardingManager(store, ds, { log }),
    new CodeMailReactor(store, ds, { log }),
    new RoomsReleaseManager(store, ds, { log }),
    new SeriesAttendanceManager(store, ds, { log }),
    new RoomsReminderManager(ds, { log }),
    new TimesheetsReminderManager(ds, { log }),
    new AnnouncementsManager(ds, { log }),
    new SeatingOffboardingManager(store, ds, { log }),
    ...(knowledge ? [new KnowledgeSyncManager(store, ds, { log, environment: knowledge })] : []),
  ];
}

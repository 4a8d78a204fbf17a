import 'reflect-metadata';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { AuctionNotificationRow, BidRow, LotRow, MaximumRow, ReserveRow } from './auction/auction.rows';
import { AnnouncementRow, CalendarRow, UsefulLinkRow } from './company/company.rows';
import { CompanyAnnouncements1767820000001 } from './migrations/1767820000001-company-announcements';
import { CompanyAnnouncementWithdrawn1767940000000 } from './migrations/1767940000000-company-announcement-withdrawn';
import { AuctionNotificationsOneKey1767950000000 } from './migrations/1767950000000-auction-notifications-one-key';
import { DirectoryEmployeeRow } from './directory/directory.rows';
import { ChatRow, EmployeeRow, TelegramBindingRow } from './identity/identity.rows';
import { KnowledgeAnswerRow, KnowledgeChunkRow, KnowledgeDocumentRow, KnowledgeGroupMemberRow, KnowledgeGroupSourceRow } from './knowledge/knowledge.rows';
import { AuctionReadModel1764064800000 } from './migrations/1764064800000-auction-read-model';
import { AuctionRules1764324000000 } from './migrations/1764324000000-auction-rules';
import { BotProcessedUpdates1764500000000 } from './migrations/1764500000000-bot-processed-updates';
import { IdentityReadModel1765300000000 } from './migrations/1765300000000-identity-read-model';
import { IdentityMailQueue1765300000001 } from './migrations/1765300000001-identity-mail-queue';
import { BotConversations1765400000000 } from './migrations/1765400000000-bot-conversations';
import { BotTelegramLanguage1765400000001 } from './migrations/1765400000001-bot-telegram-language';
import { RoomsReadModel1765100000000 } from './migrations/1765100000000-rooms-read-model';
import { DisplaysReadModel1765200000000 } from './migrations/1765200000000-displays-read-model';
import { Auth1766000000000 } from './migrations/1766000000000-auth';
import { IdentityHardening1766200000000 } from './migrations/1766200000000-identity-hardening';
import { AuthNotices1766250000000 } from './migrations/1766250000000-auth-notices';
import { AuditCheckpoints1766300000000 } from './migrations/1766300000000-audit-checkpoints';
import { KnowledgeSources1767300000000 } from './migrations/1767300000000-knowledge-sources';
import { KnowledgeSourceDocumentRow, KnowledgeSourceRow } from './knowledge/knowledge-sources.rows';
import { KnowledgeIndex1767400000000 } from './migrations/1767400000000-knowledge-index';
import { BotClaimsPerBot1767100000000 } from './migrations/1767100000000-bot-claims-per-bot';
import { TimesheetsReadModel1767550000000 } from './migrations/1767550000000-timesheets-read-model';
import { LeaveRow, PeriodRow, ProjectRow, TimeEntryRow } from './timesheets/timesheets.rows';
import { TimesheetsLeave1767820000000 } from './migrations/1767820000000-timesheets-leave';
import { DeskBookingRow, DeskRow, FloorPlanRow } from './seating/seating.rows';
import { NotifyOneOutbox1766100000000 } from './migrations/1766100000000-notify-one-outbox';
import { DirectoryReadModel1767500000000 } from './migrations/1767500000000-directory-read-model';
import { CompanyReadModel1767500000001 } from './migrations/1767500000001-company-read-model';
import { ParkedEvents1767600000000 } from './migrations/1767600000000-parked-events';
import { BotUpdateLeases1767600000001 } from './migrations/1767600000001-bot-update-leases';
import { SeatingReadModel1767800000000 } from './migrations/1767800000000-seating-read-model';
import { BotSendBudget1767700000000 } from './migrations/1767700000000-bot-send-budget';
import { BotConversationTimeouts1767830000000 } from './migrations/1767830000000-bot-conversation-timeouts';
import { DisplayRoomDayRow, DisplayRoomRow, DisplayRow } from './rooms/displays/displays.rows';
import { BookingRow, OfficeRow, RoomRow, RoomsNotificationRow, SeriesOutcomeRow, SeriesRow } from './rooms/rooms.rows';

/**
 * The rows the projections write, one entity per table: the description the
 * projector's table writer and the API's queries take, checked against the
 * migrations by read-model.int-spec. Tables written only by the API (delivery
 * flags, the bot's state, telemetry, identity operations) and the
 * checkpoints are described by their migrations alone.
 */
export const READ_MODEL_ENTITIES = [
  LotRow,
  BidRow,
  MaximumRow,
  ReserveRow,
  AuctionNotificationRow,
  OfficeRow,
  RoomRow,
  BookingRow,
  SeriesRow,
  SeriesOutcomeRow,
  RoomsNotificationRow,
  DisplayRow,
  DisplayRoomRow,
  DisplayRoomDayRow,
  EmployeeRow,
  TelegramBindingRow,
  ChatRow,
  KnowledgeSourceRow,
  KnowledgeSourceDocumentRow,
  KnowledgeDocumentRow,
  KnowledgeChunkRow,
  KnowledgeGroupMemberRow,
  KnowledgeGroupSourceRow,
  KnowledgeAnswerRow,
  DirectoryEmployeeRow,
  UsefulLinkRow,
  CalendarRow,
  AnnouncementRow,
  TimeEntryRow,
  ProjectRow,
  PeriodRow,
  LeaveRow,
  FloorPlanRow,
  DeskRow,
  DeskBookingRow,
];
export const READ_MODEL_MIGRATIONS = [
  AuctionReadModel1764064800000,
  AuctionRules1764324000000,
  BotProcessedUpdates1764500000000,
  RoomsReadModel1765100000000,
  DisplaysReadModel1765200000000,
  IdentityReadModel1765300000000,
  IdentityMailQueue1765300000001,
  BotConversations1765400000000,
  BotTelegramLanguage1765400000001,
  Auth1766000000000,
  NotifyOneOutbox1766100000000,
  IdentityHardening1766200000000,
  AuthNotices1766250000000,
  AuditCheckpoints1766300000000,
  KnowledgeSources1767300000000,
  KnowledgeIndex1767400000000,
  BotClaimsPerBot1767100000000,
  DirectoryReadModel1767500000000,
  CompanyReadModel1767500000001,
  TimesheetsReadModel1767550000000,
  ParkedEvents1767600000000,
  BotUpdateLeases1767600000001,
  BotSendBudget1767700000000,
  SeatingReadModel1767800000000,
  TimesheetsLeave1767820000000,
  CompanyAnnouncements1767820000001,
  BotConversationTimeouts1767830000000,
  CompanyAnnouncementWithdrawn1767940000000,
  AuctionNotificationsOneKey1767950000000,
];

/** The read side's TypeORM data source: migrations, never `synchronize`. */
export function createReadModelDataSource(url: string, options: { poolSize?: number; applicationName?: string } = {}): DataSource {
  return new DataSource(readModelDataSourceOptions(url, options));
}

export function readModelDataSourceOptions(url: string, options: { poolSize?: number; applicationName?: string } = {}): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: READ_MODEL_ENTITIES,
    migrations: READ_MODEL_MIGRATIONS,
    migrationsTableName: 'read_model_migrations',
    synchronize: false,
    migrationsRun: false,
    logging: ['error'],
    extra: { max: options.poolSize ?? 10, application_name: options.applicationName ?? 'megabot' },
  };
}

/** Runs pending migrations under an advisory lock (several processes may start at once). Needs a pool of 2+: the lock holds one connection. */
export async function migrateReadModel(ds: DataSource): Promise<string[]> {
  const q = ds.createQueryRunner();
  await q.connect();
  try {
    await q.query('SELECT pg_advisory_lock(hashtext($1))', ['megabot:read-model-migrations']);
    const done = await ds.runMigrations({ transaction: 'each' });
    return done.map((m) => m.name);
  } finally {
    await q.query('SELECT pg_advisory_unlock(hashtext($1))', ['megabot:read-model-migrations']).catch(() => undefined);
    await q.release();
  }
}

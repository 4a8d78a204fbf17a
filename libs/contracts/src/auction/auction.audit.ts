import 'reflect-metadata';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, Matches, IsObject } from 'class-validator';

/**
 * Auditors' views of the auction history. Everything is shown, private
 * facts included (maxima, reserve): auditors reconstruct what happened.
 * Amounts in minor units.
 */
export interface AuditLotStateView {
  lotId: string;
  status: 'open' | 'closed' | 'cancelled';
  round: number;
  sellerId: string;
  currentPrice: number | null;
  leaderId: string | null;
  leaderMaximum: number | null;
  bidCount: number;
  activeMaxima: number;
  minimumBid: number | null;
  closesAt: string;
  extensions: number;
  reservePrice: number | null;
  reserveMet: boolean | null;
  buyNowAvailable: boolean;
  outcome: 'sold' | 'not_sold' | null;
  closeReason: string | null;
  winnerId: string | null;
  finalPrice: number | null;
}

/** One stored event with its envelope and the lot right after it. */
export interface AuditEventView {
  lotId: string;
  streamId: string;
  revision: number;
  /** Global log position ("commit-prepare"). */
  position: string;
  eventId: string;
  type: string;
  /** Schema version the event was written with. */
  schemaVersion: number;
  /** True when it was read through an upcaster (an older schema). */
  upcast: boolean;
  occurredAt: string;
  recordedAt: string;
  actorId: string | null;
  commandId: string | null;
  correlationId: string | null;
  causationId: string | null;
  /** Hash chained to the previous event of the stream (null: written before chaining). */
  hash: string | null;
  /** The event as the domain reads it today (after upcasting). */
  data: unknown;
  after: AuditLotStateView | null;
}

export interface AuditReplayView {
  lotId: string;
  events: AuditEventView[];
  /** The cut applied, if any. */
  asOf: { at: string | null; position: string | null };
}

export interface AuditLotsAtView {
  asOf: { at: string | null; position: string | null };
  lots: AuditLotStateView[];
}

export interface ChainBreakView {
  revision: string;
  eventId: string;
  type: string;
  reason: 'hash_mismatch' | 'missing_hash' | 'revision_gap' | 'unkeyed_after_keyed' | 'unknown_key';
  expected?: string;
  stored?: string;
}

export interface AuditVerifyView {
  streamId: string;
  lotId: string;
  events: number;
  status: 'intact' | 'broken' | 'unverifiable';
  unchained: number;
  headHash: string | null;
  firstBroken: ChainBreakView | null;
}

/** One stream's head in a checkpoint: its last revision and that event's chain hash. */
export interface CheckpointHeadView {
  streamId: string;
  revision: string;
  hash: string;
  /** The chain key id of that event (null: an unkeyed, version-1 hash). */
  keyId: string | null;
}

/**
 * A signed record of every auction stream's head at a moment: auditors export
 * and keep it; `audit verify --checkpoint` later tells a stream cut short or
 * rewritten relative to it. The signature (Ed25519, base64url) covers the
 * canonical JSON of everything but `signature`; the public key is served at
 * /audit/checkpoints/key.
 */
export interface AuditCheckpointView {
  checkpointId: string;
  takenAt: string;
  /** The global log position the heads were read up to. */
  position: string;
  /** Fingerprint of the signing key (first 16 hex of the SHA-256 of its public key). */
  signingKeyId: string;
  heads: CheckpointHeadView[];
  signature: string;
}

export interface CheckpointDeviationView {
  streamId: string;
  /** truncated: the stream now ends before the checkpoint's revision; rewritten: the hash at that revision differs; missing: the stream is gone. */
  reason: 'truncated' | 'rewritten' | 'missing';
  checkpointRevision: string;
  currentRevision: string | null;
  checkpointHash: string;
  currentHash: string | null;
}

export interface AuditCheckpointVerifyView {
  checkpointId: string;
  /** The checkpoint's signature verifies with this deployment's signing key. */
  signatureValid: boolean;
  streams: number;
  deviations: CheckpointDeviationView[];
  checkedAt: string;
}

export interface AuditVerifyAllView {
  streams: number;
  intact: number;
  broken: AuditVerifyView[];
  unverifiable: AuditVerifyView[];
  checkedAt: string;
}

const POSITION = /^\d{1,20}-\d{1,20}$/;

/** As of a moment (occurred-at, inclusive) or a global log position (inclusive); at most one. */
export class AuditAsOfQueryDto {
  @ApiPropertyOptional({ description: 'ISO timestamp: events that occurred at or before it', example: '2026-11-25T12:00:00Z' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'at must be an ISO 8601 timestamp' })
  at?: string;

  @ApiPropertyOptional({ description: 'Global log position "commit-prepare": events at or before it' })
  @IsOptional()
  @Matches(POSITION, { message: 'position must be a log position "<commit>-<prepare>" as returned by a command' })
  position?: string;
}

export const AUDIT_EXPORT_FORMATS = ['csv', 'json'] as const;
export type AuditExportFormat = (typeof AUDIT_EXPORT_FORMATS)[number];

export class AuditExportQueryDto {
  @ApiPropertyOptional({ enum: AUDIT_EXPORT_FORMATS, default: 'csv' })
  @IsOptional()
  @IsIn(AUDIT_EXPORT_FORMATS, { message: 'format must be csv or json' })
  format?: AuditExportFormat;

  @ApiPropertyOptional({ description: 'Period start (occurred-at, inclusive); for the all-auctions export' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'from must be an ISO 8601 timestamp' })
  from?: string;

  @ApiPropertyOptional({ description: 'Period end (occurred-at, exclusive); for the all-auctions export' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'to must be an ISO 8601 timestamp' })
  to?: string;
}

/** Columns of the CSV export, in order (the JSON export uses the same names). */
export const AUDIT_CSV_COLUMNS = [
  'position',
  'lotId',
  'revision',
  'eventId',
  'type',
  'schemaVersion',
  'upcast',
  'occurredAt',
  'recordedAt',
  'actorId',
  'commandId',
  'correlationId',
  'causationId',
  'hash',
  'data',
  'status',
  'currentPrice',
  'leaderId',
  'leaderMaximum',
  'bidCount',
  'closesAt',
  'outcome',
  'winnerId',
  'finalPrice',
] as const;

/** A kept checkpoint, sent back to be compared with the streams as they are now. */
export class VerifyCheckpointDto {
  @ApiProperty({ description: 'The checkpoint exactly as exported (AuditCheckpointView)' })
  @IsObject()
  checkpoint!: Record<string, unknown>;
}

import 'reflect-metadata';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsNotEmpty, IsObject, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateIf } from 'class-validator';
import { KNOWLEDGE_SOURCE_ID_PATTERN, KNOWLEDGE_SOURCE_KINDS, type KnowledgeSourceKind, type KnowledgeSyncCompleted } from './knowledge.events';

/** Configure (create or change) a knowledge source. Admins only; the credential is named, never sent. */
export class ConfigureKnowledgeSourceDto {
  @ApiProperty({ example: 'wiki', description: '1-32 lower-case letters, digits, "_" or "-"' })
  @Matches(KNOWLEDGE_SOURCE_ID_PATTERN, { message: 'sourceId must be 1-32 lower-case letters, digits, "_" or "-"' })
  sourceId!: string;
  @ApiProperty({ enum: KNOWLEDGE_SOURCE_KINDS })
  @IsIn([...KNOWLEDGE_SOURCE_KINDS], { message: `kind must be one of ${KNOWLEDGE_SOURCE_KINDS.join(', ')}` })
  kind!: KnowledgeSourceKind;
  @ApiProperty({ example: 'Company wiki' }) @IsString() @IsNotEmpty() @MaxLength(100) name!: string;
  @ApiProperty({
    example: 'https://wiki.example.com/w',
    description: 'API base URL (Confluence site with context path, MediaWiki script path) or the share folder',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  location!: string;
  @ApiPropertyOptional({
    example: { namespaces: ['0', '4'] },
    description:
      'fileshare: baseUrl, classification; mediawiki: namespaces, allow (tokens; empty: public), classification; confluence: spaces, everyoneGroups, classification; any: fullSyncEveryHours',
  })
  @IsOptional()
  @IsObject()
  settings?: Record<string, string | number | boolean | string[]>;
  @ApiPropertyOptional({ example: 'KNOWLEDGE_SECRET_WIKI', nullable: true, description: "Name of the projector's environment variable holding the credential" })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @Matches(/^KNOWLEDGE_SECRET_[A-Z0-9_]{1,64}$/, { message: 'credentialRef must name an environment variable KNOWLEDGE_SECRET_<NAME>, never hold the secret' })
  credentialRef?: string | null;
  @ApiPropertyOptional({ example: 30, nullable: true, description: 'Minutes between scheduled syncs; null: on demand only' })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsInt()
  @Min(1)
  @Max(10080)
  syncEveryMinutes?: number | null;
}

export class RequestKnowledgeSyncDto {
  @ApiPropertyOptional({ enum: ['incremental', 'full'], default: 'incremental', description: 'full: every document re-read, permissions included' })
  @IsOptional()
  @IsIn(['incremental', 'full'], { message: 'mode must be incremental or full' })
  mode?: 'incremental' | 'full';
}

/** What the sync runner is doing with a source now (knowledge_sync.progress). */
export interface KnowledgeSyncProgressView {
  state: 'running' | 'idle' | 'failed';
  mode: 'incremental' | 'full' | null;
  phase: string | null;
  done: number;
  total: number | null;
  counts: Record<string, number> | null;
  startedAt: string | null;
  updatedAt: string;
  lastError: string | null;
  retryAt: string | null;
}

export interface KnowledgeSourceView {
  sourceId: string;
  kind: KnowledgeSourceKind;
  name: string;
  location: string;
  settings: Record<string, unknown>;
  /** The environment variable's name only. */
  credentialRef: string | null;
  syncEveryMinutes: number | null;
  status: 'active' | 'removed';
  documents: number;
  requested: { mode: 'incremental' | 'full'; at: string } | null;
  lastSync: KnowledgeSyncCompleted['data'] | null;
  progress: KnowledgeSyncProgressView | null;
  configuredBy: string;
  configuredAt: string;
}

export interface KnowledgeSourceListView {
  items: KnowledgeSourceView[];
}

import 'reflect-metadata';
import { ApiPropertyOptional, ApiProperty } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import type { CommandResultDto } from '../shared/command-result';
import { DISPLAY_ID_PATTERN, DISPLAY_LANGS, type DisplayLang } from './displays.events';
import { ROOM_ID_PATTERN } from './rooms.events';

export class RegisterDisplayDto {
  @ApiPropertyOptional({ description: 'Display id (letters, digits, "_", "-"; ≤ 32); a new id when absent', example: 'neva-door' })
  @IsOptional()
  @IsString()
  @Matches(DISPLAY_ID_PATTERN, { message: 'displayId must be 1-32 letters, digits, "_" or "-"' })
  displayId?: string;

  @ApiProperty({ description: 'The room whose door the display hangs on', example: 'neva' })
  @IsString()
  @Matches(ROOM_ID_PATTERN, { message: 'roomId must be 1-32 letters, digits, "_" or "-"' })
  roomId!: string;

  @ApiPropertyOptional({ description: 'Note for admins', example: 'left of the door' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  label?: string;

  @ApiPropertyOptional({ enum: DISPLAY_LANGS, description: 'Language of the sign (default ru)' })
  @IsOptional()
  @IsIn(DISPLAY_LANGS)
  lang?: DisplayLang;
}

export class RetireDisplayDto {
  @ApiPropertyOptional({ description: 'Why the display was taken down', example: 'broken glass' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  reason?: string;
}

export class ListDisplaysQueryDto {
  @ApiPropertyOptional({ description: 'Only the displays of this room' })
  @IsOptional()
  @IsString()
  @Matches(ROOM_ID_PATTERN, { message: 'roomId must be 1-32 letters, digits, "_" or "-"' })
  roomId?: string;

  @ApiPropertyOptional({ description: 'Wait until the read model has reached this position (from a command answer)' })
  @IsOptional()
  @IsString()
  @Matches(/^\d{1,20}-\d{1,20}$/, { message: 'waitFor must be a position "<commit>-<prepare>"' })
  waitFor?: string;

  @ApiPropertyOptional({ description: 'true: retired displays too' })
  @IsOptional()
  @IsIn(['true', 'false'])
  includeRetired?: 'true' | 'false';
}

/** The answer to register / rotate: the token is shown here once and never again (a retried request gets `token: null`). */
export interface DisplayTokenIssuedDto extends CommandResultDto {
  displayId: string;
  roomId: string;
  /** The bearer token for the device, or null for a retried request (rotate to get a new one). */
  token: string | null;
  tokenHint: string;
  /** Path the device polls (append to the API's base URL). */
  schedulePath: string;
}

/** What the device last reported (PROTOCOL.md §1 telemetry). */
export interface DisplayTelemetryDto {
  lastSeenAt: string;
  firstSeenAt: string;
  firmware: string | null;
  batteryMv: number | null;
  rssi: number | null;
  /** Consecutive failed wakes the device reported before its last request. */
  fails: number | null;
  /** 200 or 304 of the last request. */
  lastStatus: number;
  lastEtag: string | null;
  /** The sleep the server chose last time (`refresh=` / X-Refresh-Sec). */
  nextRefreshSec: number;
  /** When the device should be back at the latest (with drift and retry margins); later = stale. */
  expectedBy: string;
  requests: number;
  sourceIp: string | null;
}

export interface DisplayListItemDto {
  displayId: string;
  roomId: string;
  roomName: string | null;
  label: string;
  lang: DisplayLang;
  status: 'active' | 'retired';
  tokenHint: string;
  registeredAt: string;
  registeredBy: string;
  tokenRotatedAt: string | null;
  retiredAt: string | null;
  telemetry: DisplayTelemetryDto | null;
  /** Not seen since `telemetry.expectedBy` (or never seen for an hour after registration). */
  stale: boolean;
  /** Last reported battery below the firmware's "battery low" threshold. */
  lowBattery: boolean;
  /** The projection's version of what the door shows (room settings . room-day); changes only when the sign changes. */
  scheduleVersion: string | null;
}

export interface DisplayListDto {
  items: DisplayListItemDto[];
  /** Thresholds used for the flags. */
  lowBatteryMv: number;
}

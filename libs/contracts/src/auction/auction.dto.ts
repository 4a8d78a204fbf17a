import 'reflect-metadata';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { LOT_KINDS, type LotKind } from './auction.events';

/** Sanity cap on any amount: 10 billion minor units. */
export const MAX_AMOUNT = 10_000_000_000;
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

export class LotDetailsDto {
  @ApiPropertyOptional({ example: 'P-12' }) @IsOptional() @IsString() @MaxLength(32) spotNumber?: string;
  @ApiPropertyOptional({ example: '2026-12-01' }) @IsOptional() @IsISO8601({ strict: true }) periodFrom?: string;
  @ApiPropertyOptional({ example: '2026-12-31' }) @IsOptional() @IsISO8601({ strict: true }) periodTo?: string;
  @ApiPropertyOptional({ example: 'INV-00042' }) @IsOptional() @IsString() @MaxLength(64) inventoryTag?: string;
  @ApiPropertyOptional({ enum: ['new', 'good', 'fair', 'poor'] }) @IsOptional() @IsIn(['new', 'good', 'fair', 'poor']) condition?: 'new' | 'good' | 'fair' | 'poor';
}

export class OpenLotDto {
  /** Client-chosen id (lets a retried request land on the same lot); generated when absent. */
  @ApiPropertyOptional({ description: 'Client-chosen id; generated when absent' }) @IsOptional() @Matches(ID_PATTERN, { message: 'lotId must be 1-64 letters, digits, "_" or "-"' }) lotId?: string;
  @ApiProperty({ enum: LOT_KINDS }) @IsIn(LOT_KINDS) kind!: LotKind;
  @ApiProperty({ example: 'Parking spot P-12, December' }) @IsString() @IsNotEmpty() @MaxLength(120) title!: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(4000) description?: string;
  @ApiProperty({ description: 'Integer minor units (kopecks)', example: 100000 }) @IsInt() @Min(1) @Max(MAX_AMOUNT) startingPrice!: number;
  @ApiProperty({ description: 'Integer minor units', example: 5000 }) @IsInt() @Min(1) @Max(MAX_AMOUNT) minIncrement!: number;
  @ApiProperty({ example: '2026-12-01T12:00:00Z' }) @IsISO8601({ strict: true }) closesAt!: string;
  /** Seller; defaults to the acting employee. */
  @ApiPropertyOptional({ description: 'Defaults to the acting employee' }) @IsOptional() @Matches(ID_PATTERN) sellerId?: string;
  @ApiPropertyOptional({ type: LotDetailsDto }) @IsOptional() @ValidateNested() @Type(() => LotDetailsDto) details?: LotDetailsDto;
}

export class PlaceBidDto {
  @ApiProperty({ description: 'Integer minor units', example: 105000 }) @IsInt() @Min(1) @Max(MAX_AMOUNT) amount!: number;
}

export class ListLotsQueryDto {
  @ApiPropertyOptional({ enum: LOT_KINDS }) @IsOptional() @IsIn(LOT_KINDS) kind?: LotKind;
  @ApiPropertyOptional({ enum: ['open', 'closed'] }) @IsOptional() @IsIn(['open', 'closed']) status?: 'open' | 'closed';
  @ApiPropertyOptional({ default: 20 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100) limit?: number;
  @ApiPropertyOptional({ default: 0 }) @IsOptional() @Type(() => Number) @IsInt() @Min(0) offset?: number;
  @ApiPropertyOptional({ description: 'A position returned by a command' }) @IsOptional() @Matches(/^\d{1,20}-\d{1,20}$/, { message: 'waitFor must be a position "<commit>-<prepare>"' }) waitFor?: string;
}

export class WaitForQueryDto {
  @ApiPropertyOptional({ description: 'A position returned by a command' }) @IsOptional() @Matches(/^\d{1,20}-\d{1,20}$/, { message: 'waitFor must be a position "<commit>-<prepare>"' }) waitFor?: string;
}

import 'reflect-metadata';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsObject,
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
  @ApiPropertyOptional({ enum: ['new', 'good', 'fair', 'poor'] }) @IsOptional() @IsIn(['new', 'good', 'fair', 'poor']) condition?:
    'new' | 'good' | 'fair' | 'poor';
}

export class IncrementTierDto {
  @ApiProperty({ description: 'From this visible price (minor units, inclusive) upwards', example: 0 }) @IsInt() @Min(0) @Max(MAX_AMOUNT) from!: number;
  @ApiProperty({ description: 'Minimum increment (minor units)', example: 1000 }) @IsInt() @Min(1) @Max(MAX_AMOUNT) increment!: number;
}

export class SoftCloseDto {
  @ApiPropertyOptional({ description: 'A price change this close to the end extends the lot', example: 5 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1440)
  windowMinutes?: number;
  @ApiPropertyOptional({ description: 'The close moves to bid time + this', example: 5 }) @IsOptional() @IsInt() @Min(0) @Max(1440) extensionMinutes?: number;
  @ApiPropertyOptional({ description: '0 disables soft close', example: 10 }) @IsOptional() @IsInt() @Min(0) @Max(1000) maxExtensions?: number;
}

export class RetractionDto {
  @ApiPropertyOptional({ description: 'A bid may be retracted this long after it was placed', example: 10 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10080)
  windowMinutes?: number;
  @ApiPropertyOptional({ description: 'No retraction this long before the close', example: 60 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10080)
  lockBeforeCloseMinutes?: number;
}

/** Per-lot overrides of the default auction rules (frozen into the lot when it opens). */
export class AuctionRulesDto {
  @ApiPropertyOptional({ type: [IncrementTierDto], description: 'Ascending by `from`, the first from 0; increments must not decrease' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => IncrementTierDto)
  incrementTiers?: IncrementTierDto[];
  @ApiPropertyOptional({ type: SoftCloseDto }) @IsOptional() @IsObject() @ValidateNested() @Type(() => SoftCloseDto) softClose?: SoftCloseDto;
  @ApiPropertyOptional({ type: RetractionDto }) @IsOptional() @IsObject() @ValidateNested() @Type(() => RetractionDto) retraction?: RetractionDto;
}

export class OpenLotDto {
  /** Client-chosen id (lets a retried request land on the same lot); generated when absent. */
  @ApiPropertyOptional({ description: 'Client-chosen id; generated when absent' })
  @IsOptional()
  @Matches(ID_PATTERN, { message: 'lotId must be 1-64 letters, digits, "_" or "-"' })
  lotId?: string;
  @ApiProperty({ enum: LOT_KINDS }) @IsIn(LOT_KINDS) kind!: LotKind;
  @ApiProperty({ example: 'Parking spot P-12, December' }) @IsString() @IsNotEmpty() @MaxLength(120) title!: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(4000) description?: string;
  @ApiProperty({ description: 'Integer minor units (kopecks)', example: 100000 }) @IsInt() @Min(1) @Max(MAX_AMOUNT) startingPrice!: number;
  @ApiPropertyOptional({
    description: "The seller's own minimum step (minor units); the larger of it and the price tier applies. Default 0 = tiers only",
    example: 5000,
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_AMOUNT)
  minIncrement?: number;
  @ApiPropertyOptional({ description: 'Hidden reserve (minor units, above the starting price); shown only to the seller and admins', example: 150000 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_AMOUNT)
  reservePrice?: number;
  @ApiPropertyOptional({ description: 'Buy-now price (minor units); available until the first bid (or until the reserve is met)', example: 300000 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_AMOUNT)
  buyNowPrice?: number;
  @ApiPropertyOptional({ type: [String], description: 'Employees acting for the seller (they may not bid)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @Matches(ID_PATTERN, { each: true, message: 'each delegate must be 1-64 letters, digits, "_" or "-"' })
  delegates?: string[];
  @ApiPropertyOptional({ type: AuctionRulesDto, description: 'Overrides of the default rules (increment tiers, soft close, retraction)' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => AuctionRulesDto)
  rules?: AuctionRulesDto;
  @ApiProperty({ example: '2026-12-01T12:00:00Z' }) @IsISO8601({ strict: true }) closesAt!: string;
  /** Seller; defaults to the acting employee. */
  @ApiPropertyOptional({ description: 'Defaults to the acting employee' }) @IsOptional() @Matches(ID_PATTERN) sellerId?: string;
  @ApiPropertyOptional({ type: LotDetailsDto }) @IsOptional() @IsObject() @ValidateNested() @Type(() => LotDetailsDto) details?: LotDetailsDto;
}

export class PlaceBidDto {
  @ApiProperty({ description: 'Your maximum (integer minor units): the visible price rises only as far as competition requires', example: 105000 })
  @IsInt()
  @Min(1)
  @Max(MAX_AMOUNT)
  amount!: number;
}

/** An admin voids a bid, with a reason kept in the log. */
export class VoidBidDto {
  @ApiProperty({ description: 'Why the bid is voided (kept in the log)', example: 'Bid placed by mistake on behalf of the seller' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  reason!: string;
}

export class CancelLotDto {
  @ApiPropertyOptional({ description: 'Required for an admin; a seller may withdraw a lot without bids', example: 'Item no longer available' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;
}

export class RelistLotDto {
  @ApiProperty({ example: '2026-12-08T12:00:00Z' }) @IsISO8601({ strict: true }) closesAt!: string;
  @ApiPropertyOptional({ description: 'Default: unchanged' }) @IsOptional() @IsInt() @Min(1) @Max(MAX_AMOUNT) startingPrice?: number;
  @ApiPropertyOptional({ description: 'Absent: unchanged; null: removed', nullable: true, type: Number })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_AMOUNT)
  reservePrice?: number | null;
  @ApiPropertyOptional({ description: 'Absent: unchanged; null: removed', nullable: true, type: Number })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_AMOUNT)
  buyNowPrice?: number | null;
}

export const LOT_STATUSES = ['open', 'closed', 'cancelled'] as const;
export type LotStatus = (typeof LOT_STATUSES)[number];

/** What a list of lots can be sorted by (the admin site's columns). */
export const LOT_SORT_FIELDS = ['closesAt', 'title', 'currentPrice', 'bidCount', 'openedAt', 'lotId'] as const;
export type LotSortField = (typeof LOT_SORT_FIELDS)[number];
export const SORT_ORDERS = ['asc', 'desc'] as const;
export type SortOrder = (typeof SORT_ORDERS)[number];

export class ListLotsQueryDto {
  @ApiPropertyOptional({ enum: LOT_KINDS }) @IsOptional() @IsIn(LOT_KINDS) kind?: LotKind;
  @ApiPropertyOptional({ enum: LOT_STATUSES }) @IsOptional() @IsIn(LOT_STATUSES) status?: LotStatus;
  @ApiPropertyOptional({ description: 'Only open lots closing within this many minutes ("ending soon")', example: 60 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(43200)
  endingWithinMinutes?: number;
  @ApiPropertyOptional({ description: 'Only lots this employee bid on ("my bids")' }) @IsOptional() @Matches(ID_PATTERN) bidder?: string;
  @ApiPropertyOptional({ description: 'Only lots this employee sells ("my lots")' }) @IsOptional() @Matches(ID_PATTERN) seller?: string;
  @ApiPropertyOptional({ description: 'Part of the title or the lot id (case-insensitive)' }) @IsOptional() @IsString() @MaxLength(100) q?: string;
  @ApiPropertyOptional({ enum: LOT_SORT_FIELDS, default: 'closesAt' })
  @IsOptional()
  @IsIn(LOT_SORT_FIELDS, { message: `sort must be one of ${LOT_SORT_FIELDS.join(', ')}` })
  sort?: LotSortField;
  @ApiPropertyOptional({ enum: SORT_ORDERS, default: 'asc' }) @IsOptional() @IsIn(SORT_ORDERS, { message: 'order must be asc or desc' }) order?: SortOrder;
  @ApiPropertyOptional({ default: 20 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100) limit?: number;
  @ApiPropertyOptional({ default: 0 }) @IsOptional() @Type(() => Number) @IsInt() @Min(0) offset?: number;
  @ApiPropertyOptional({ description: 'A position returned by a command' })
  @IsOptional()
  @Matches(/^\d{1,20}-\d{1,20}$/, { message: 'waitFor must be a position "<commit>-<prepare>"' })
  waitFor?: string;
}

export class WaitForQueryDto {
  @ApiPropertyOptional({ description: 'A position returned by a command' })
  @IsOptional()
  @Matches(/^\d{1,20}-\d{1,20}$/, { message: 'waitFor must be a position "<commit>-<prepare>"' })
  waitFor?: string;
}

export class ShillReportQueryDto {
  @ApiPropertyOptional({ description: 'A pair is reported when each bid on at least this many lots of the other', default: 2 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  minMutualLots?: number;
  @ApiPropertyOptional({ description: 'A bidder who never wins is reported after pushing the price on at least this many closed lots', default: 3 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  minLostLots?: number;
  @ApiPropertyOptional({ default: 50 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500) limit?: number;
}

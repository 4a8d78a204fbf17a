import 'reflect-metadata';
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
  @IsOptional() @IsString() @MaxLength(32) spotNumber?: string;
  @IsOptional() @IsISO8601({ strict: true }) periodFrom?: string;
  @IsOptional() @IsISO8601({ strict: true }) periodTo?: string;
  @IsOptional() @IsString() @MaxLength(64) inventoryTag?: string;
  @IsOptional() @IsIn(['new', 'good', 'fair', 'poor']) condition?: 'new' | 'good' | 'fair' | 'poor';
}

export class OpenLotDto {
  /** Client-chosen id (lets a retried request land on the same lot); generated when absent. */
  @IsOptional() @Matches(ID_PATTERN, { message: 'lotId must be 1-64 letters, digits, "_" or "-"' }) lotId?: string;
  @IsIn(LOT_KINDS) kind!: LotKind;
  @IsString() @IsNotEmpty() @MaxLength(120) title!: string;
  @IsOptional() @IsString() @MaxLength(4000) description?: string;
  @IsInt() @Min(1) @Max(MAX_AMOUNT) startingPrice!: number;
  @IsInt() @Min(1) @Max(MAX_AMOUNT) minIncrement!: number;
  @IsISO8601({ strict: true }) closesAt!: string;
  /** Seller; defaults to the acting employee. */
  @IsOptional() @Matches(ID_PATTERN) sellerId?: string;
  @IsOptional() @ValidateNested() @Type(() => LotDetailsDto) details?: LotDetailsDto;
}

export class PlaceBidDto {
  @IsInt() @Min(1) @Max(MAX_AMOUNT) amount!: number;
}

export class ListLotsQueryDto {
  @IsOptional() @IsIn(LOT_KINDS) kind?: LotKind;
  @IsOptional() @IsIn(['open', 'closed']) status?: 'open' | 'closed';
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100) limit?: number;
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) offset?: number;
  @IsOptional() @Matches(/^\d{1,20}-\d{1,20}$/, { message: 'waitFor must be a position "<commit>-<prepare>"' }) waitFor?: string;
}

export class WaitForQueryDto {
  @IsOptional() @Matches(/^\d{1,20}-\d{1,20}$/, { message: 'waitFor must be a position "<commit>-<prepare>"' }) waitFor?: string;
}

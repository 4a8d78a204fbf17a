import 'reflect-metadata';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { ID_PATTERN } from '../auction/auction.dto';

/**
 * Auction notifications (an outbox the bot delivers). One per (event, recipient);
 * an employee may mute whole categories.
 */
export const NOTIFICATION_CATEGORIES = ['outbid', 'leading', 'lot_closed', 'lot_extended', 'lot_cancelled'] as const;
export type NotificationCategory = (typeof NOTIFICATION_CATEGORIES)[number];

export type NotificationKind =
  /** Your maximum was surpassed. */
  | 'outbid'
  /** You lead (first bid, or you took the lead). */
  | 'leading'
  /** Lot closed: you won / someone else won / (seller) sold / (seller) not sold. */
  | 'won'
  | 'lost'
  | 'sold'
  | 'not_sold'
  /** Soft close moved the closing time. */
  | 'extended'
  | 'cancelled';

export const NOTIFICATION_CATEGORY_OF: Record<NotificationKind, NotificationCategory> = {
  outbid: 'outbid',
  leading: 'leading',
  won: 'lot_closed',
  lost: 'lot_closed',
  sold: 'lot_closed',
  not_sold: 'lot_closed',
  extended: 'lot_extended',
  cancelled: 'lot_cancelled',
};

export interface NotificationView {
  /** Stable: derived from (event id, recipient), the same after a projection rebuild. */
  id: string;
  recipientId: string;
  kind: NotificationKind;
  category: NotificationCategory;
  lotId: string;
  /** Facts for the message (price, closesAt, …). */
  data: Record<string, unknown>;
  createdAt: string;
}

export interface NotificationListView {
  items: NotificationView[];
}

export interface NotificationSettingsView {
  employeeId: string;
  muted: NotificationCategory[];
}

export class NotificationSettingsDto {
  @ApiProperty({ enum: NOTIFICATION_CATEGORIES, isArray: true, description: 'Categories not to be notified about' })
  @IsArray()
  @ArrayMaxSize(NOTIFICATION_CATEGORIES.length)
  @IsIn(NOTIFICATION_CATEGORIES, { each: true })
  muted!: NotificationCategory[];
}

export class PendingNotificationsQueryDto {
  @ApiProperty({ description: 'The recipient' }) @Matches(ID_PATTERN, { message: 'employee must be 1-64 letters, digits, "_" or "-"' }) employee!: string;
  @ApiPropertyOptional({ default: 20 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100) limit?: number;
}

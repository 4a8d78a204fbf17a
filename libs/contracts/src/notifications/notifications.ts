import 'reflect-metadata';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import type { BotLanguage } from '../bot/bot.dto';
import type { TelegramUnbindReason } from '../identity/identity.events';
import type { RoomsNotificationKind } from '../rooms/rooms.read';

/* ------------------------------------------------------------------ auction */

/**
 * Auction notifications: one per (event, recipient), made by the auction projection; an employee may mute whole
 * categories. `announcements` mutes the company's announcements (muted when one is published: it is not sent).
 */
export const NOTIFICATION_CATEGORIES = ['outbid', 'leading', 'lot_closed', 'lot_extended', 'lot_cancelled', 'announcements'] as const;
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

/* ------------------------------------------------- the outbox of every feature */

/** The features whose notices the bot delivers from the one outbox (`POST /notifications/claim`). */
export const NOTICE_FEATURES = ['auction', 'rooms', 'identity', 'auth', 'timesheets', 'company'] as const;
export type NoticeFeature = (typeof NOTICE_FEATURES)[number];

/** Identity tells a Telegram account that lost its binding ('self' and 'bound_elsewhere' were answered in the chat). */
export const IDENTITY_NOTICE_KINDS = ['rebound', 'admin', 'dismissed'] as const satisfies readonly TelegramUnbindReason[];
export type IdentityNoticeKind = (typeof IDENTITY_NOTICE_KINDS)[number];

/** A notice leased to one bot instance for delivery. */
interface NoticeOf<F extends NoticeFeature, K extends string, D> {
  /** Stable: derived from what the notice is about, the same after a projection rebuild. */
  id: string;
  feature: F;
  kind: K;
  /** The Telegram account to write to. */
  telegramUserId: number;
  /** The user's /language choice, else their Telegram client's language (recorded by the update claim); null: never heard from them. */
  language: BotLanguage | null;
  /** The employee it is about (for identity notices: the one whose binding this account lost). */
  employeeId: string;
  /** Facts for the message. */
  data: D;
  createdAt: string;
  /** 1 for the first claim; more when an earlier lease expired unconfirmed (a crash, or a failed send). */
  attempt: number;
}

export type AuctionNotice = NoticeOf<
  'auction',
  NotificationKind,
  { lotId: string; category: NotificationCategory; title?: string; price?: number; currency?: string } & Record<string, unknown>
>;
export type RoomsNotice = NoticeOf<
  'rooms',
  RoomsNotificationKind,
  {
    roomId: string;
    bookingId: string | null;
    seriesId: string | null;
    title?: string | null;
    roomName?: string;
    start?: string;
    missedInARow?: number;
  } & Record<string, unknown>
>;
export type IdentityNotice = NoticeOf<'identity', IdentityNoticeKind, Record<string, never>>;
/** A browser asks to sign in as the employee: they confirm (or deny) in the bot. */
export type AuthNotice = NoticeOf<'auth', 'login', { challengeId: string; userAgent: string | null; expiresAt: string }>;
/** Days (local dates) the employee has not logged time for, the working days of the last week. */
export type TimesheetsNotice = NoticeOf<'timesheets', 'missing_days', { dates: string[] }>;
/** A company announcement to one recipient. */
export type CompanyNotice = NoticeOf<'company', 'announcement', { announcementId: string; text: string }>;
export type Notice = AuctionNotice | RoomsNotice | IdentityNotice | AuthNotice | TimesheetsNotice | CompanyNotice;

export interface ClaimedNoticesView {
  /** Oldest first; a recipient's notices in the order they were made. */
  items: Notice[];
}

export const DELIVERY_OUTCOMES = ['delivered', 'undeliverable'] as const;
export type DeliveryOutcome = (typeof DELIVERY_OUTCOMES)[number];

export class ClaimNoticesDto {
  @ApiPropertyOptional({ default: 50, minimum: 1, maximum: 100, description: 'At most this many notices' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;

  @ApiPropertyOptional({
    default: 60,
    minimum: 1,
    maximum: 600,
    description: 'How long the claimed notices are not handed to anyone else (doubled on each later claim of a notice whose lease ran out, up to an hour)',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(600)
  leaseSeconds?: number;
}

export class ConfirmDeliveryDto {
  @ApiPropertyOptional({
    enum: DELIVERY_OUTCOMES,
    default: 'delivered',
    description: '`undeliverable`: Telegram refused for good (the user blocked the bot); never handed out again',
  })
  @IsOptional()
  @IsIn(DELIVERY_OUTCOMES)
  outcome?: DeliveryOutcome;

  @ApiPropertyOptional({ description: "Telegram's answer, for an undeliverable notice", maxLength: 500 })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  error?: string;
}

export interface DeliveryReceiptView {
  id: string;
  feature: NoticeFeature;
  outcome: DeliveryOutcome;
  confirmedAt: string;
  /** True only for the call that made the confirmation (a repeated one answers the first outcome). */
  first: boolean;
}

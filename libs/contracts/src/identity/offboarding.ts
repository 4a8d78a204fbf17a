import 'reflect-metadata';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min, Matches } from 'class-validator';
import type { ProblemDetails } from '../shared/problem';
import type { ClearanceLevel, EmployeeRole } from './identity.events';

/**
 * The API side of identity beyond the deciders: the chats the bot administers
 * (reported by the bot from my_chat_member updates, recorded as events so the
 * read model can be rebuilt), offboarding tasks the bot executes, and the
 * views of the admin and lookup endpoints.
 */

/* ------------------------------------------------------------ chat events */

export const BOT_CHAT_STATUSES = ['creator', 'administrator', 'member', 'restricted', 'left', 'kicked'] as const;
export type BotChatStatus = (typeof BOT_CHAT_STATUSES)[number];

/** The bot's own membership in a group changed (a my_chat_member update). Stream `telegram-chat-<chatId>`. */
export interface BotChatMembershipChanged {
  type: 'BotChatMembershipChanged';
  data: {
    chatId: number;
    title: string;
    chatType: string;
    status: BotChatStatus;
    /** The bot may ban members (administrator with can_restrict_members). */
    canRestrictMembers: boolean;
    changedAt: string;
  };
}
export const TELEGRAM_CHAT_STREAM_PREFIX = 'telegram-chat-';
export const telegramChatStreamId = (chatId: number) => `${TELEGRAM_CHAT_STREAM_PREFIX}${chatId}`;

export class ReportBotChatMembershipDto {
  @ApiProperty({ example: -1001234567890 }) @IsInt() @Min(-Number.MAX_SAFE_INTEGER) @Max(Number.MAX_SAFE_INTEGER) chatId!: number;
  @ApiProperty({ example: 'Engineering' }) @IsString() @MaxLength(256) title!: string;
  @ApiProperty({ example: 'supergroup' }) @IsIn(['group', 'supergroup', 'channel', 'private']) chatType!: string;
  @ApiProperty({ enum: BOT_CHAT_STATUSES }) @IsIn(BOT_CHAT_STATUSES) status!: BotChatStatus;
  @ApiProperty() @IsBoolean() canRestrictMembers!: boolean;
  @ApiPropertyOptional({ description: 'Unix time of the update (seconds)' }) @IsOptional() @IsInt() @Min(0) date?: number;
}

/* ------------------------------------------------------------ offboarding */

/** Remove one dismissed employee's Telegram account from one chat (ban, then unban only_if_banned so they can rejoin if rehired). */
export interface OffboardingTaskView {
  taskId: string;
  employeeId: string;
  telegramUserId: number;
  chatId: number;
  chatTitle: string;
  attempts: number;
}

/** A task as handed to a bot instance: with the lease that alone may report it. */
export interface LeasedOffboardingTaskView extends OffboardingTaskView {
  leaseToken: string;
}

export interface OffboardingReportItemView extends OffboardingTaskView {
  status: 'pending' | 'done';
  lastError: string | null;
  nextAttemptAt: string | null;
  createdAt: string;
  doneAt: string | null;
}

export class ReportOffboardingTaskDto {
  @ApiProperty({ description: 'The lease the task was handed out with: only its holder reports' })
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{16,64}$/)
  leaseToken!: string;
  @ApiProperty({ enum: ['done', 'failed'] }) @IsIn(['done', 'failed']) outcome!: 'done' | 'failed';
  @ApiPropertyOptional({ description: 'What went wrong (failed)' }) @IsOptional() @IsString() @MaxLength(1000) error?: string;
}

/* ------------------------------------------------------------------ views */

/** Who a Telegram account acts as (GET /identity/telegram/:telegramUserId). */
export interface TelegramIdentityView {
  telegramUserId: number;
  employeeId: string;
  fullName: string;
  roles: EmployeeRole[];
  /** The employee's chosen bot language; null = follow the Telegram client. */
  language: 'ru' | 'en' | null;
}

/** An employee as admins see them. */
export interface EmployeeView {
  employeeId: string;
  fullName: string;
  email: string;
  department: string;
  position: string;
  office: string;
  managerId: string | null;
  roles: EmployeeRole[];
  clearance: ClearanceLevel;
  projects: string[];
  status: 'active' | 'dismissed';
  hiredAt: string;
  dismissedAt: string | null;
  telegramUserId: number | null;
  telegramBoundAt: string | null;
}

/** What a list of employees can be sorted by (the admin site's columns). */
export const EMPLOYEE_SORT_FIELDS = ['fullName', 'employeeId', 'email', 'department', 'office', 'hiredAt'] as const;
export type EmployeeSortField = (typeof EMPLOYEE_SORT_FIELDS)[number];

export interface EmployeeListView {
  items: EmployeeView[];
  total: number;
}

/** One employee's offboarding, readable after the dismissal: what was revoked, and each removal from a chat. */
export interface EmployeeOffboardingView {
  employeeId: string;
  fullName: string;
  status: 'active' | 'dismissed';
  /** The last dismissal (null: never dismissed). */
  dismissal: {
    dismissedAt: string;
    dismissedBy: string;
    reason: string;
    revokedRoles: EmployeeRole[];
    /** The Telegram account unbound by the dismissal (null: none was bound, so no chat to remove it from). */
    telegramUserId: number | null;
  } | null;
  /** Removals from the chats the bot administers, created by the projector shortly after the dismissal. */
  removals: OffboardingReportItemView[];
}

/** What an import did: hired, updated, left alone, and the rows it refused with the reason. */
export interface EmployeeImportReportView {
  hired: string[];
  updated: string[];
  unchanged: string[];
  rejected: { line: number; employeeId: string | null; reason: string }[];
}

/**
 * `POST /identity/employees/import` with `Accept: application/x-ndjson`: `progress` lines as rows are applied, then
 * one `report` line, or a `problem` line when the import failed after the response had begun.
 */
export const EMPLOYEE_IMPORT_STREAM_TYPE = 'application/x-ndjson';
export type EmployeeImportStreamLine =
  { type: 'progress'; done: number; total: number } | { type: 'report'; report: EmployeeImportReportView } | { type: 'problem'; problem: ProblemDetails };

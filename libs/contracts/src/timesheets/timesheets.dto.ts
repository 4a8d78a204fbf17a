import 'reflect-metadata';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import type { CommandResultDto } from '../shared/command-result';
import {
  LEAVE_ID_PATTERN,
  LEAVE_KINDS,
  type LeaveKind,
  MAX_COMMENT_LENGTH,
  MAX_MINUTES_PER_DAY,
  MAX_TASK_LENGTH,
  PERIOD_PATTERN,
  PROJECT_CODE_PATTERN,
  TIMESHEET_DATE_PATTERN,
} from './timesheets.events';

/**
 * Request bodies and query strings of the time-logging API (`/timesheets/...`).
 * Shape only: the rules (24 h a day, employment dates, open assigned
 * projects, closed periods) are decided by libs/domain and answered as
 * 409/422 problems with a `timesheets.*` code.
 */

const DATE_MESSAGE = (field: string) => `${field} must be a date YYYY-MM-DD`;
const ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

export class TimesheetsWaitForQueryDto {
  @ApiPropertyOptional({ description: 'Wait until the timesheets read model has reached this position' })
  @IsOptional()
  @Matches(/^\d{1,20}-\d{1,20}$/, { message: 'waitFor must be a position "<commit>-<prepare>"' })
  waitFor?: string;
}

export class LogTimeDto {
  @ApiProperty({ example: '2026-12-01' }) @Matches(TIMESHEET_DATE_PATTERN, { message: DATE_MESSAGE('date') }) date!: string;
  @ApiProperty({ example: 'ACME' })
  @Matches(PROJECT_CODE_PATTERN, { message: 'project must be a project code (1-64 letters, digits, "_" or "-")' })
  project!: string;
  @ApiPropertyOptional({ example: 'ACME-123' }) @IsOptional() @IsString() @MaxLength(MAX_TASK_LENGTH) task?: string;
  @ApiProperty({ example: 90, description: 'Whole minutes' }) @IsInt() @Min(1) @Max(MAX_MINUTES_PER_DAY) minutes!: number;
  @ApiPropertyOptional({ example: 'review' }) @IsOptional() @IsString() @MaxLength(MAX_COMMENT_LENGTH) comment?: string;
  @ApiPropertyOptional({ description: 'Admins: log for this employee (default: yourself)' })
  @IsOptional()
  @Matches(ID, { message: 'employeeId must be 1-64 letters, digits, "_" or "-"' })
  employeeId?: string;
}

export class LogTimeTextDto {
  @ApiProperty({ example: 'вчера 2 часа ACME-123 ревью', description: 'Free text in Russian or English' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  text!: string;
}

export class EditTimeEntryDto {
  @ApiPropertyOptional() @IsOptional() @Matches(TIMESHEET_DATE_PATTERN, { message: DATE_MESSAGE('date') }) date?: string;
  @ApiPropertyOptional() @IsOptional() @Matches(PROJECT_CODE_PATTERN, { message: 'project must be a project code' }) project?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(MAX_TASK_LENGTH) task?: string;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(1) @Max(MAX_MINUTES_PER_DAY) minutes?: number;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(MAX_COMMENT_LENGTH) comment?: string;
}

export class CopyWeekDto {
  @ApiPropertyOptional({ description: 'A date of the week to fill (default: this week); entries come from the week before' })
  @IsOptional()
  @Matches(TIMESHEET_DATE_PATTERN, { message: DATE_MESSAGE('week') })
  week?: string;
}

export class WeekQueryDto extends TimesheetsWaitForQueryDto {
  @ApiPropertyOptional({ description: 'A date of the week (default: today)' })
  @IsOptional()
  @Matches(TIMESHEET_DATE_PATTERN, { message: DATE_MESSAGE('date') })
  date?: string;
}

export class ExportQueryDto extends TimesheetsWaitForQueryDto {
  @ApiProperty({ example: '2026-12-01' }) @Matches(TIMESHEET_DATE_PATTERN, { message: DATE_MESSAGE('from') }) from!: string;
  @ApiProperty({ example: '2026-12-31' }) @Matches(TIMESHEET_DATE_PATTERN, { message: DATE_MESSAGE('to') }) to!: string;
  @ApiPropertyOptional({ description: 'One person (yourself, a direct report; admins and auditors: anyone)' })
  @IsOptional()
  @Matches(ID, { message: 'employeeId must be 1-64 letters, digits, "_" or "-"' })
  employeeId?: string;
  @ApiPropertyOptional({ description: "A manager's direct reports (yourself; admins and auditors: anyone's)" })
  @IsOptional()
  @Matches(ID, { message: 'team must be 1-64 letters, digits, "_" or "-"' })
  team?: string;
  @ApiPropertyOptional({ description: 'One project (admins and auditors)' })
  @IsOptional()
  @Matches(PROJECT_CODE_PATTERN, { message: 'project must be a project code' })
  project?: string;
}

export class OpenProjectDto {
  @ApiProperty({ example: 'ACME' }) @Matches(PROJECT_CODE_PATTERN, { message: 'code must be 1-64 letters, digits, "_" or "-"' }) code!: string;
  @ApiProperty({ example: 'Acme portal' }) @IsString() @IsNotEmpty() @MaxLength(200) name!: string;
}

export class ReopenPeriodDto {
  @ApiProperty({ example: 'Invoice correction for the client' }) @IsString() @IsNotEmpty() @MaxLength(500) reason!: string;
}

export const isPeriod = (period: string) => PERIOD_PATTERN.test(period);

/** POST /timesheets/employees/:employeeId/leave (admins): days the employee is away; no reminders for them. */
export class RecordLeaveDto {
  @ApiProperty({ example: 'vacation-2025-07', description: 'Chosen by the caller: the same id again records nothing new' })
  @Matches(LEAVE_ID_PATTERN, { message: 'leaveId must be 1-64 letters, digits, "_" or "-"' })
  leaveId!: string;
  @ApiProperty({ example: '2025-07-07' }) @Matches(TIMESHEET_DATE_PATTERN, { message: DATE_MESSAGE('from') }) from!: string;
  @ApiProperty({ example: '2025-07-20', description: 'Included' }) @Matches(TIMESHEET_DATE_PATTERN, { message: DATE_MESSAGE('to') }) to!: string;
  @ApiProperty({ enum: LEAVE_KINDS }) @IsIn(LEAVE_KINDS, { message: `kind must be one of ${LEAVE_KINDS.join(', ')}` }) kind!: LeaveKind;
}

export interface LeaveView {
  leaveId: string;
  employeeId: string;
  from: string;
  to: string;
  kind: LeaveKind;
  cancelled: boolean;
}

/* ------------------------------------------------------------------- views */

export interface TimeEntryView {
  entryId: string;
  date: string;
  project: string;
  task: string | null;
  minutes: number;
  comment: string;
}

export interface LogTimeResultDto extends CommandResultDto {
  entries: TimeEntryView[];
}

export interface CopyWeekResultDto {
  /** Per month written (a week may span two). */
  results: CommandResultDto[];
  copied: TimeEntryView[];
  /** Days of the source week not copied, and why. */
  skipped: { date: string; reason: 'already_logged' | 'future' | 'not_working_day' | 'period_closed' }[];
}

export interface DayTotalView {
  date: string;
  minutes: number;
  working: boolean;
}
export interface ProjectTotalView {
  project: string;
  minutes: number;
}

export interface WeekSummaryView {
  employeeId: string;
  /** Monday and Sunday of the week. */
  from: string;
  to: string;
  /** The employee's today (their office's time zone). */
  today: string;
  days: DayTotalView[];
  projects: ProjectTotalView[];
  totalMinutes: number;
  entries: TimeEntryView[];
  /** The project of the latest entry logged (quick buttons log to it). */
  lastProject: string | null;
  /** Open projects the employee is assigned to. */
  assignedProjects: string[];
}

export interface TeamWeekView {
  managerId: string;
  from: string;
  to: string;
  /** Each direct report's week: totals per day and project, and the entries themselves (by date). */
  reports: { employeeId: string; fullName: string; totalMinutes: number; days: DayTotalView[]; projects: ProjectTotalView[]; entries: TimeEntryView[] }[];
}

export interface ProjectView {
  code: string;
  name: string;
  status: 'open' | 'closed';
}

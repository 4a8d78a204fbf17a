import 'reflect-metadata';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
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
import { ROOM_ID_PATTERN, ROOMS_ID_PATTERN } from './rooms.events';

/**
 * Request bodies and query strings of the rooms API (`/rooms/...`). Shape
 * only: the booking rules themselves (working hours, durations, overlaps...)
 * are decided by libs/domain and answered as 409/422 problems with a
 * `rooms.*` code.
 */

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;
const HHMM_24 = /^(([01]\d|2[0-3]):[0-5]\d|24:00)$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** An instant with an explicit zone, on a whole minute (seconds allowed only as :00). */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:00(\.0{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const TIME_ZONE = /^(UTC|[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+){0,2})$/;
const EMPLOYEE_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

export const ROOMS_INSTANT_PATTERN = INSTANT;
export const ROOMS_DATE_PATTERN = DATE;

/* ------------------------------------------------------------------ offices */

export class CreateOfficeDto {
  @ApiProperty({ example: 'spb', description: 'Letters, digits, "_" and "-"' })
  @Matches(ROOMS_ID_PATTERN, { message: 'officeId must be 1-64 letters, digits, "_" or "-"' })
  officeId!: string;
  @ApiProperty({ example: 'Санкт-Петербург' }) @IsString() @IsNotEmpty() @MaxLength(100) name!: string;
  @ApiPropertyOptional({ example: 'Невский пр., 1' }) @IsOptional() @IsString() @MaxLength(300) address?: string;
  @ApiProperty({ example: 'Europe/Moscow', description: 'IANA time zone; new rooms default to it' })
  @Matches(TIME_ZONE, { message: 'timeZone must be an IANA time zone name such as Europe/Moscow' })
  timeZone!: string;
}

export class UpdateOfficeDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @IsNotEmpty() @MaxLength(100) name?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(300) address?: string;
  @ApiPropertyOptional({ description: 'Rooms keep their own time zone' })
  @IsOptional()
  @Matches(TIME_ZONE, { message: 'timeZone must be an IANA time zone name such as Europe/Moscow' })
  timeZone?: string;
}

export class RoomsReasonDto {
  @ApiPropertyOptional({ example: 'Moved to the new building' }) @IsOptional() @IsString() @MaxLength(500) reason?: string;
}

/* -------------------------------------------------------------------- rooms */

export class WorkingHoursDto {
  @ApiProperty({ example: [1, 2, 3, 4, 5], description: 'ISO weekdays, 1 = Monday' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(7)
  @ArrayUnique()
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(7, { each: true })
  days!: number[];
  @ApiProperty({ example: '08:00' }) @Matches(HHMM, { message: 'from must be HH:MM' }) from!: string;
  @ApiProperty({ example: '20:00' }) @Matches(HHMM_24, { message: 'to must be HH:MM or 24:00' }) to!: string;
}

export class BookingPolicyDto {
  @ApiPropertyOptional({ example: 15 }) @IsOptional() @IsInt() @Min(1) @Max(1440) minDurationMinutes?: number;
  @ApiPropertyOptional({ example: 240 }) @IsOptional() @IsInt() @Min(1) @Max(1440) maxDurationMinutes?: number;
  @ApiPropertyOptional({ example: 30 }) @IsOptional() @IsInt() @Min(0) @Max(366) maxDaysAhead?: number;
  @ApiPropertyOptional({ example: 182 }) @IsOptional() @IsInt() @Min(0) @Max(731) maxSeriesDaysAhead?: number;
  @ApiPropertyOptional({ example: 4 }) @IsOptional() @IsInt() @Min(1) @Max(100) maxBookingsPerDay?: number;
}

/** Everything but name/floor/capacity has a default (see libs/domain rooms.settings.ts). */
class RoomSettingsFieldsDto {
  @ApiPropertyOptional({ example: ['video', 'whiteboard'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(30)
  @IsString({ each: true })
  @MaxLength(40, { each: true })
  equipment?: string[];
  @ApiPropertyOptional({ type: WorkingHoursDto }) @IsOptional() @IsObject() @ValidateNested() @Type(() => WorkingHoursDto) workingHours?: WorkingHoursDto;
  @ApiPropertyOptional({ example: 'Europe/Moscow', description: "Default: the office's" })
  @IsOptional()
  @Matches(TIME_ZONE, { message: 'timeZone must be an IANA time zone name such as Europe/Moscow' })
  timeZone?: string;
  @ApiPropertyOptional({ example: 10, description: 'Minimum gap between two meetings' }) @IsOptional() @IsInt() @Min(0) @Max(120) bufferMinutes?: number;
  @ApiPropertyOptional({ description: 'Show "Busy" instead of titles to non-participants and on the door' }) @IsOptional() @IsBoolean() privacy?: boolean;
  @ApiPropertyOptional({ example: 10, description: 'Check in within this many minutes of the start' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(120)
  checkInWindowMinutes?: number;
  @ApiPropertyOptional({ description: 'Release bookings nobody checked in for (default true)' }) @IsOptional() @IsBoolean() autoRelease?: boolean;
  @ApiPropertyOptional({ type: BookingPolicyDto }) @IsOptional() @IsObject() @ValidateNested() @Type(() => BookingPolicyDto) policy?: BookingPolicyDto;
}

export class CreateRoomDto extends RoomSettingsFieldsDto {
  @ApiProperty({ example: 'spb-neva', description: 'At most 32 letters, digits, "_" or "-" (it goes into the door QR deep link)' })
  @Matches(ROOM_ID_PATTERN, { message: 'roomId must be 1-32 letters, digits, "_" or "-"' })
  roomId!: string;
  @ApiProperty({ example: 'Нева' }) @IsString() @IsNotEmpty() @MaxLength(100) name!: string;
  @ApiProperty({ example: 3 }) @IsInt() @Min(-20) @Max(300) floor!: number;
  @ApiProperty({ example: 8, description: 'Seats, organizer included' }) @IsInt() @Min(1) @Max(1000) capacity!: number;
}

export class UpdateRoomDto extends RoomSettingsFieldsDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @IsNotEmpty() @MaxLength(100) name?: string;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(-20) @Max(300) floor?: number;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(1) @Max(1000) capacity?: number;
}

/* ----------------------------------------------------------------- bookings */

class BookingFieldsDto {
  @ApiPropertyOptional({ example: ['e-boris'], description: 'Other participants (employee ids), organizer not included' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @Matches(EMPLOYEE_ID, { each: true, message: 'attendees must be employee ids' })
  attendees?: string[];
  @ApiPropertyOptional({ description: 'Hide the title from non-participants' }) @IsOptional() @IsBoolean() private?: boolean;
}

export class BookRoomDto extends BookingFieldsDto {
  @ApiProperty({ example: 'Sprint planning' }) @IsString() @IsNotEmpty() @MaxLength(200) title!: string;
  @ApiProperty({ example: '2026-12-01T10:00:00+03:00', description: 'ISO 8601 with a zone, on a whole minute' })
  @Matches(INSTANT, { message: 'start must be an ISO 8601 instant with a zone on a whole minute, e.g. 2026-12-01T10:00:00+03:00' })
  start!: string;
  @ApiProperty({ example: '2026-12-01T11:00:00+03:00' })
  @Matches(INSTANT, { message: 'end must be an ISO 8601 instant with a zone on a whole minute, e.g. 2026-12-01T11:00:00+03:00' })
  end!: string;
  @ApiPropertyOptional({ description: 'Book for someone else (admins only); default: yourself' })
  @IsOptional()
  @Matches(EMPLOYEE_ID, { message: 'organizerId must be an employee id' })
  organizerId?: string;
}

export const BOOK_NOW_MINUTES = [15, 30, 60] as const;

export class BookNowDto {
  @ApiProperty({ enum: BOOK_NOW_MINUTES, example: 30 }) @IsIn(BOOK_NOW_MINUTES as unknown as number[]) minutes!: number;
  @ApiPropertyOptional({ example: 'Quick sync', description: 'Default "Meeting"' }) @IsOptional() @IsString() @IsNotEmpty() @MaxLength(200) title?: string;
}

export class ChangeBookingDto extends BookingFieldsDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @IsNotEmpty() @MaxLength(200) title?: string;
  @ApiPropertyOptional({ description: 'Same room-day only; to move to another day, book anew and cancel' })
  @IsOptional()
  @Matches(INSTANT, { message: 'start must be an ISO 8601 instant with a zone on a whole minute' })
  start?: string;
  @ApiPropertyOptional()
  @IsOptional()
  @Matches(INSTANT, { message: 'end must be an ISO 8601 instant with a zone on a whole minute' })
  end?: string;
}

export class ExtendBookingDto {
  @ApiProperty({ example: 15 }) @IsInt() @Min(1) @Max(1440) minutes!: number;
}

export const API_CHECK_IN_CHANNELS = ['bot', 'qr', 'admin'] as const;

export class CheckInDto {
  @ApiPropertyOptional({ enum: API_CHECK_IN_CHANNELS, description: 'bot (default), qr (the door code), admin (on behalf of others)' })
  @IsOptional()
  @IsIn(API_CHECK_IN_CHANNELS as unknown as string[])
  via?: (typeof API_CHECK_IN_CHANNELS)[number];
}

/** `waitFor` on a command that finds its booking through the read model (after booking it a moment ago). */
export class BookingLookupQueryDto {
  @ApiPropertyOptional({ description: 'Wait until the rooms read model has reached this position' })
  @IsOptional()
  @Matches(/^\d{1,20}-\d{1,20}$/, { message: 'waitFor must be a position "<commit>-<prepare>"' })
  waitFor?: string;
}

/* ------------------------------------------------------------------- series */

export class RecurrenceDto {
  @ApiProperty({ enum: ['daily', 'weekly'] }) @IsIn(['daily', 'weekly']) frequency!: 'daily' | 'weekly';
  @ApiPropertyOptional({ example: 1 }) @IsOptional() @IsInt() @Min(1) @Max(52) interval?: number;
  @ApiPropertyOptional({ example: [1, 3], description: 'ISO weekdays; daily: the days counted, weekly: the days of each active week' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(7)
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(7, { each: true })
  weekdays?: number[];
  @ApiProperty({ example: '2026-12-01' }) @Matches(DATE, { message: 'startDate must be YYYY-MM-DD' }) startDate!: string;
  @ApiPropertyOptional({ example: '2026-12-31', description: 'Exactly one of until and count' })
  @IsOptional()
  @Matches(DATE, { message: 'until must be YYYY-MM-DD' })
  until?: string;
  @ApiPropertyOptional({ example: 10 }) @IsOptional() @IsInt() @Min(1) @Max(366) count?: number;
  @ApiProperty({ example: '10:00' }) @Matches(HHMM, { message: 'startTime must be HH:MM' }) startTime!: string;
  @ApiProperty({ example: '11:00' }) @Matches(HHMM_24, { message: 'endTime must be HH:MM or 24:00' }) endTime!: string;
}

export class PlanSeriesDto extends BookingFieldsDto {
  @ApiProperty({ type: RecurrenceDto }) @IsObject({ message: 'rule must be an object' }) @ValidateNested() @Type(() => RecurrenceDto) rule!: RecurrenceDto;
}

export class CreateSeriesDto extends PlanSeriesDto {
  @ApiProperty({ example: 'Weekly sync' }) @IsString() @IsNotEmpty() @MaxLength(200) title!: string;
  @ApiPropertyOptional({ example: 3, description: 'Flag the series to its organizer after this many unattended occurrences in a row' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(50)
  unattendedLimit?: number;
  @ApiPropertyOptional({ description: 'Book for someone else (admins only)' })
  @IsOptional()
  @Matches(EMPLOYEE_ID, { message: 'organizerId must be an employee id' })
  organizerId?: string;
}

export class CancelSeriesDto extends RoomsReasonDto {
  @ApiPropertyOptional({ example: '2026-12-15', description: 'No occurrences from this date on (default: all)' })
  @IsOptional()
  @Matches(DATE, { message: 'fromDate must be YYYY-MM-DD' })
  fromDate?: string;
}

/* ------------------------------------------------------------------ queries */

export class RoomsWaitForQueryDto {
  @ApiPropertyOptional({ description: 'Wait until the rooms read model has reached this position' })
  @IsOptional()
  @Matches(/^\d{1,20}-\d{1,20}$/, { message: 'waitFor must be a position "<commit>-<prepare>"' })
  waitFor?: string;
}

export class RoomDayQueryDto extends RoomsWaitForQueryDto {
  @ApiPropertyOptional({ example: '2026-12-01', description: "Local date of the room (default: today in the room's zone)" })
  @IsOptional()
  @Matches(DATE, { message: 'date must be YYYY-MM-DD' })
  date?: string;
}

/** Either `start`+`end` (instants) or `date`+`from`+`to` (each room's local time). */
export class FreeRoomsQueryDto {
  @ApiPropertyOptional({ example: '2026-12-01T10:00:00+03:00' })
  @IsOptional()
  @Matches(INSTANT, { message: 'start must be an ISO 8601 instant with a zone' })
  start?: string;
  @ApiPropertyOptional({ example: '2026-12-01T11:00:00+03:00' })
  @IsOptional()
  @Matches(INSTANT, { message: 'end must be an ISO 8601 instant with a zone' })
  end?: string;
  @ApiPropertyOptional({ example: '2026-12-01' }) @IsOptional() @Matches(DATE, { message: 'date must be YYYY-MM-DD' }) date?: string;
  @ApiPropertyOptional({ example: '10:00' }) @IsOptional() @Matches(HHMM, { message: 'from must be HH:MM' }) from?: string;
  @ApiPropertyOptional({ example: '11:00' }) @IsOptional() @Matches(HHMM_24, { message: 'to must be HH:MM' }) to?: string;
  @ApiPropertyOptional({ example: 4, description: 'People, organizer included' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  capacity?: number;
  @ApiPropertyOptional({ example: 'video,whiteboard', description: 'Comma-separated tags, all required' })
  @IsOptional()
  @Matches(/^[\p{L}\p{N}_ -]{1,40}(,[\p{L}\p{N}_ -]{1,40}){0,9}$/u, { message: 'equipment must be comma-separated tags' })
  equipment?: string;
}

export class MyBookingsQueryDto extends RoomsWaitForQueryDto {
  @ApiPropertyOptional({ description: 'Include bookings that ended (default: only upcoming and in progress)' })
  @IsOptional()
  @IsIn(['true', 'false'])
  past?: 'true' | 'false';
  @ApiPropertyOptional({ example: 20 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100) limit?: number;
}

/** An office's bookings over a few days (the admin site's day and week calendars). */
export class OfficeBookingsQueryDto extends RoomsWaitForQueryDto {
  @ApiProperty({ example: '2026-12-07', description: 'First local date' }) @Matches(DATE, { message: 'from must be YYYY-MM-DD' }) from!: string;
  @ApiProperty({ example: '2026-12-13', description: 'Last local date (inclusive), at most 31 days after from' })
  @Matches(DATE, { message: 'to must be YYYY-MM-DD' })
  to!: string;
  @ApiPropertyOptional({ description: 'Only this room' })
  @IsOptional()
  @Matches(ROOM_ID_PATTERN, { message: 'roomId must be 1-32 letters, digits, "_" or "-"' })
  roomId?: string;
  @ApiPropertyOptional({ description: 'Include cancelled bookings' }) @IsOptional() @IsIn(['true', 'false']) cancelled?: 'true' | 'false';
}

export class ListOfficesQueryDto extends RoomsWaitForQueryDto {
  @ApiPropertyOptional({ description: 'Include archived offices' }) @IsOptional() @IsIn(['true', 'false']) all?: 'true' | 'false';
}

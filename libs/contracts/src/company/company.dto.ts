import 'reflect-metadata';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayNotEmpty, IsArray, IsIn, IsNotEmpty, IsOptional, IsString, Matches, MaxLength, ValidateIf } from 'class-validator';
import { ANNOUNCEMENT_AUDIENCES, ANNOUNCEMENT_ID_PATTERN, CALENDAR_REGION_PATTERN, LINK_ID_PATTERN, MAX_ANNOUNCEMENT_LENGTH } from './company.events';

export class AddUsefulLinkDto {
  @ApiProperty({ example: 'vpn-guide' })
  @Matches(LINK_ID_PATTERN, { message: 'linkId must be 1-64 lower-case letters, digits, "_" or "-"' })
  linkId!: string;
  @ApiProperty({ example: 'IT' }) @IsString() @MaxLength(50) category!: string;
  @ApiProperty({ example: 'How to connect to the VPN' }) @IsString() @MaxLength(100) title!: string;
  @ApiProperty({ example: 'https://wiki.example.com/vpn' }) @IsString() @MaxLength(500) url!: string;
  @ApiPropertyOptional({ example: 'Windows, macOS, Linux' }) @IsOptional() @IsString() @MaxLength(300) description?: string;
}

export class UpdateUsefulLinkDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(50) category?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) title?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(500) url?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(300) description?: string;
}

/** POST /company/calendars/import: a production calendar file (xmlcalendar.ru XML) for a region. */
export class ImportCalendarDto {
  @ApiProperty({ example: 'ru', description: 'A country code or an office id (lower case)' })
  @Matches(CALENDAR_REGION_PATTERN, { message: 'region must be a lower-case country code or office id' })
  region!: string;
  @ApiProperty({ enum: ['xmlcalendar'], description: 'xmlcalendar: the XML of xmlcalendar.ru (<calendar year><days><day d="MM.DD" t="1|2|3"/>…)' })
  @IsIn(['xmlcalendar'])
  format!: 'xmlcalendar';
  @ApiProperty({ description: 'The file itself' }) @IsString() @MaxLength(200_000) content!: string;
}

export class CalendarQueryDto {
  @ApiPropertyOptional({ description: 'Wait until the company read model has reached this position' })
  @IsOptional()
  @Matches(/^\d{1,20}-\d{1,20}$/, { message: 'waitFor must be a position "<commit>-<prepare>"' })
  waitFor?: string;
}

export class WorkingDayQueryDto extends CalendarQueryDto {
  @ApiProperty({ example: '2026-01-09' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'date must be YYYY-MM-DD' })
  date!: string;
}

/** POST /company/announcements/:announcementId/withdraw (admins): the notices not sent yet stay back. */
export class WithdrawAnnouncementDto {
  @ApiPropertyOptional({ example: 'Published by mistake' }) @IsOptional() @IsString() @MaxLength(500) reason?: string;
}

/** POST /company/announcements (admins): published once; the bot delivers it to the audience. */
export class PublishAnnouncementDto {
  @ApiProperty({ example: 'office-move-2026', description: 'Chosen by the caller: the same id and content again publishes nothing new' })
  @Matches(ANNOUNCEMENT_ID_PATTERN, { message: 'announcementId must be 1-64 letters, digits, "_" or "-"' })
  announcementId!: string;
  @ApiProperty({ example: 'The office is closed on Friday for the move.' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(MAX_ANNOUNCEMENT_LENGTH)
  text!: string;
  @ApiProperty({ enum: ANNOUNCEMENT_AUDIENCES }) @IsIn(ANNOUNCEMENT_AUDIENCES) audience!: (typeof ANNOUNCEMENT_AUDIENCES)[number];
  @ApiPropertyOptional({ description: "Office ids (the employees' `office`), for audience `offices`", type: [String] })
  @ValidateIf((o: PublishAnnouncementDto) => o.audience === 'offices')
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  offices?: string[];
  @ApiPropertyOptional({ description: 'Department names, for audience `departments`', type: [String] })
  @ValidateIf((o: PublishAnnouncementDto) => o.audience === 'departments')
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  departments?: string[];
}

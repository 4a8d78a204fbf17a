import 'reflect-metadata';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsEmail,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateIf,
} from 'class-validator';
import { ID_PATTERN } from '../auction/auction.dto';
import { CLEARANCE_LEVELS, EMPLOYEE_ROLES, type ClearanceLevel, type EmployeeRole } from './identity.events';

/**
 * Request bodies of the identity API. The edge checks shape and format; the
 * domain checks the rules (allowed e-mail domains, "an admin cannot dismiss
 * themselves", ...) and normalizes (trims, lower-cases the e-mail, sorts roles
 * and projects).
 */
const ID_MESSAGE = (field: string) => `${field} must be 1-64 letters, digits, "_" or "-"`;
export const MAX_PROJECTS = 100;
/** Telegram user ids fit in 52 bits. */
export const MAX_TELEGRAM_USER_ID = Number.MAX_SAFE_INTEGER;

/** The fields of an employee record shared by hire and rehire. */
export class EmployeeRecordDto {
  @ApiProperty({ example: 'Anna Ivanova' }) @IsString() @IsNotEmpty() @MaxLength(200) fullName!: string;
  @ApiProperty({ description: 'Corporate e-mail (its domain must be one of the allowed corporate domains)', example: 'anna.ivanova@example.com' })
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @MaxLength(254)
  email!: string;
  @ApiProperty({ example: 'Engineering' }) @IsString() @IsNotEmpty() @MaxLength(100) department!: string;
  @ApiProperty({ example: 'Backend developer' }) @IsString() @IsNotEmpty() @MaxLength(100) position!: string;
  @ApiProperty({ example: 'Moscow HQ' }) @IsString() @IsNotEmpty() @MaxLength(100) office!: string;
  @ApiPropertyOptional({ description: "Line manager's employee id; null or absent for none", nullable: true, type: String, example: 'e-boris' })
  @IsOptional()
  @Matches(ID_PATTERN, { message: ID_MESSAGE('managerId') })
  managerId?: string | null;
  @ApiPropertyOptional({ enum: EMPLOYEE_ROLES, isArray: true, default: ['employee'] })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(EMPLOYEE_ROLES, { each: true })
  roles?: EmployeeRole[];
  @ApiPropertyOptional({ enum: CLEARANCE_LEVELS, default: 'internal', description: 'Highest classification the employee may read' })
  @IsOptional()
  @IsIn(CLEARANCE_LEVELS)
  clearance?: ClearanceLevel;
  @ApiPropertyOptional({ type: [String], description: 'Project codes the employee works on', example: ['megabot'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_PROJECTS)
  @ArrayUnique()
  @Matches(ID_PATTERN, { each: true, message: 'each project must be 1-64 letters, digits, "_" or "-"' })
  projects?: string[];
}

export class HireEmployeeDto extends EmployeeRecordDto {
  /** Client-chosen id (lets a retried request land on the same employee); generated when absent. */
  @ApiPropertyOptional({ description: 'Client-chosen id; generated when absent', example: 'e-anna' })
  @IsOptional()
  @Matches(ID_PATTERN, { message: ID_MESSAGE('employeeId') })
  employeeId?: string;
}

/** A dismissed employee comes back: the whole record again (the old one may be outdated). */
export class RehireEmployeeDto extends EmployeeRecordDto {}

/** Only the fields to change; `managerId: null` removes the manager. */
export class UpdateEmployeeDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @IsNotEmpty() @MaxLength(200) fullName?: string;
  @ApiPropertyOptional({ description: 'Corporate e-mail; a bound Telegram account stays bound' })
  @IsOptional()
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @MaxLength(254)
  email?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @IsNotEmpty() @MaxLength(100) department?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @IsNotEmpty() @MaxLength(100) position?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @IsNotEmpty() @MaxLength(100) office?: string;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'null removes the manager' })
  @ValidateIf((_, value) => value !== undefined && value !== null)
  @Matches(ID_PATTERN, { message: ID_MESSAGE('managerId') })
  managerId?: string | null;
  @ApiPropertyOptional({ enum: EMPLOYEE_ROLES, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(EMPLOYEE_ROLES, { each: true })
  roles?: EmployeeRole[];
  @ApiPropertyOptional({ enum: CLEARANCE_LEVELS }) @IsOptional() @IsIn(CLEARANCE_LEVELS) clearance?: ClearanceLevel;
  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_PROJECTS)
  @ArrayUnique()
  @Matches(ID_PATTERN, { each: true, message: 'each project must be 1-64 letters, digits, "_" or "-"' })
  projects?: string[];
}

export class DismissEmployeeDto {
  @ApiPropertyOptional({ description: 'Kept in the log', example: 'Contract ended' }) @IsOptional() @IsString() @MaxLength(500) reason?: string;
}

/** An admin (or the employee themselves) unbinds the employee's Telegram account. */
export class UnbindTelegramDto {
  @ApiPropertyOptional({ description: 'Kept in the log', example: 'Phone lost' }) @IsOptional() @IsString() @MaxLength(500) comment?: string;
}

/** The most a CSV import may carry in one request (the API's JSON body limit is 100 kB; the CLI takes larger files). */
export const MAX_IMPORT_CSV_CHARS = 90_000;

/** An employee CSV (the columns of `npm run identity:import`) to import as the calling admin. */
export class ImportEmployeesDto {
  @ApiProperty({
    description:
      'The file: a header row (employeeId, fullName, email, department, position, office, managerId, roles, clearance, projects), then one row per employee',
  })
  @IsString()
  @IsNotEmpty({ message: 'csv must not be empty' })
  @MaxLength(MAX_IMPORT_CSV_CHARS, { message: `csv must be at most ${MAX_IMPORT_CSV_CHARS} characters (import larger files with npm run identity:import)` })
  csv!: string;
}

/* -------------------------------------------------- verification (bot -> api) */

/* The Telegram account is never in a body: the API takes it from the bot's X-Telegram-User-Id (the bot principal alone may name it). */

/** The user typed their corporate e-mail (or asks for a new code). The answer is the same whether or not the address is registered. */
export class RequestVerificationCodeDto {
  @ApiProperty({ description: 'As typed by the user; the domain normalizes and checks it', example: 'anna.ivanova@example.com' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(320)
  email!: string;
}

export class SubmitVerificationCodeDto {
  @ApiProperty({ description: 'The digits from the e-mail (spaces and dashes are ignored)', example: '493027' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(32)
  code!: string;
}

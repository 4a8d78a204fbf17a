import 'reflect-metadata';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { DESK_KINDS, MAX_PLAN_SVG_LENGTH, type DeskKind } from './seating.events';

/**
 * Request bodies and query strings of the seating API (`/seating/...`,
 * paths in SEATING_ROUTES). Shape only: the rules (a desk's kind, who may
 * book, one desk per person and day...) are decided by libs/domain and
 * answered as 409/422 problems with a `seating.*` code.
 */

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const EMPLOYEE_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
const POSITION = /^\d{1,20}-\d{1,20}$/;

export class SeatingWaitForQueryDto {
  @ApiPropertyOptional({ description: 'Wait until the seating read model has reached this position (a command answer)' })
  @IsOptional()
  @Matches(POSITION, { message: 'waitFor must be a position "<commit>-<prepare>"' })
  waitFor?: string;
}

/* -------------------------------------------------------------- admin */

/** PUT /seating/offices/:officeId/floors/:floor/plan */
export class PublishFloorPlanDto {
  @ApiProperty({ example: '3rd floor' }) @IsString() @IsNotEmpty() @MaxLength(100) name!: string;
  @ApiProperty({
    description:
      'The plan as SVG. Named shapes: data-seating="desk" (id = desk id, data-label, data-kind hot|assigned, data-node), ' +
      'data-seating="room" (data-room = room id, data-node), data-seating="node" (id, optional data-kind stairs|lift and data-connects), ' +
      'data-seating="edge" (data-from, data-to). Scripts, event handlers, foreign objects and external references are removed.',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(MAX_PLAN_SVG_LENGTH)
  svg!: string;
}

/** PATCH /seating/offices/:officeId/floors/:floor/desks/:deskId */
export class ChangeDeskDto {
  @ApiPropertyOptional({ example: '3.14' }) @IsOptional() @IsString() @IsNotEmpty() @MaxLength(40) label?: string;
  @ApiPropertyOptional({ enum: DESK_KINDS }) @IsOptional() @IsIn(DESK_KINDS as unknown as string[]) kind?: DeskKind;
}

/** PUT /seating/offices/:officeId/floors/:floor/desks/:deskId/assignee */
export class AssignDeskDto {
  @ApiProperty({ example: 'e-anna' }) @Matches(EMPLOYEE_ID, { message: 'employeeId must be an employee id' }) employeeId!: string;
}

/* ----------------------------------------------------------- employees */

/** POST /seating/offices/:officeId/floors/:floor/desks/:deskId/bookings */
export class BookDeskDto {
  @ApiProperty({ example: '2026-12-01', description: "The office's local date (today up to 14 days ahead)" })
  @Matches(DATE, { message: 'date must be YYYY-MM-DD' })
  date!: string;
  @ApiPropertyOptional({ description: 'Book for someone else (admins only); default: yourself' })
  @IsOptional()
  @Matches(EMPLOYEE_ID, { message: 'employeeId must be an employee id' })
  employeeId?: string;
}

/** GET /seating/offices/:officeId/floors/:floor, GET /seating/nearby */
export class SeatingDayQueryDto extends SeatingWaitForQueryDto {
  @ApiPropertyOptional({ example: '2026-12-01', description: "The office's local date (default: today)" })
  @IsOptional()
  @Matches(DATE, { message: 'date must be YYYY-MM-DD' })
  date?: string;
}

/** GET /seating/people */
export class FindColleagueQueryDto extends SeatingDayQueryDto {
  @ApiProperty({ example: 'Анна', description: 'Name, department, position... as the directory search takes it' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  q!: string;
  @ApiPropertyOptional({ example: 10, default: 10 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(50) limit?: number;
}

/** GET /seating/nearby */
export class NearbyQueryDto extends SeatingDayQueryDto {
  @ApiPropertyOptional({ example: 10, default: 10 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(50) limit?: number;
}

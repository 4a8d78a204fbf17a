import 'reflect-metadata';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsEmail, IsInt, IsNotEmpty, IsObject, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateIf } from 'class-validator';
import { ID_PATTERN } from '../auction/auction.dto';

/**
 * The trust boundary's API: signing in to the web front ends (a login the
 * employee confirms in the bot, the Telegram Login Widget, a Web App's
 * initData) and personal access tokens for the CLIs.
 */

export class StartLoginDto {
  @ApiPropertyOptional({ example: 'e-anna', description: 'Who signs in: the employee id, or the corporate e-mail' })
  @ValidateIf((o: StartLoginDto) => o.email === undefined)
  @IsString()
  @Matches(ID_PATTERN, { message: 'employeeId must be 1-64 letters, digits, "_" or "-"' })
  employeeId?: string;

  @ApiPropertyOptional({ example: 'anna.ivanova@example.com' })
  @IsOptional()
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @MaxLength(254)
  email?: string;
}

export class LoginDecisionDto {
  @ApiProperty({ description: 'true: it is me, sign the browser in; false: it was not me' }) @IsBoolean() approve!: boolean;
}

export class WebAppSessionDto {
  @ApiProperty({ description: 'Telegram.WebApp.initData exactly as the client gave it' }) @IsString() @IsNotEmpty() @MaxLength(4096) initData!: string;
}

export class WidgetSessionDto {
  @ApiProperty({ description: 'The Telegram Login Widget payload (id, first_name, …, auth_date, hash)' }) @IsObject() payload!: Record<string, string | number>;
}

export class IssueAccessTokenDto {
  @ApiProperty({ example: 'e-chloe' }) @IsString() @Matches(ID_PATTERN, { message: 'employeeId must be 1-64 letters, digits, "_" or "-"' }) employeeId!: string;
  @ApiProperty({ example: 'audit CLI on the laptop' }) @IsString() @IsNotEmpty() @MaxLength(100) name!: string;
  @ApiPropertyOptional({ description: 'Days until it expires (none: until revoked)' }) @IsOptional() @IsInt() @Min(1) @Max(3650) expiresInDays?: number;
}

export type LoginStatus = 'pending' | 'confirmed' | 'denied' | 'expired' | 'used';

export interface LoginChallengeView {
  challengeId: string;
  status: LoginStatus;
  expiresAt: string;
}

export interface SessionView {
  employeeId: string;
  fullName: string | null;
  roles: string[];
  kind: 'login' | 'webapp' | 'widget';
  /** Send it back in X-CSRF-Token with every POST, PUT, PATCH and DELETE. */
  csrf: string;
  expiresAt: string;
}

export interface AccessTokenView {
  tokenId: string;
  employeeId: string;
  name: string;
  createdBy: string;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface IssuedAccessTokenView extends AccessTokenView {
  /** Shown once: only its hash is kept. */
  token: string;
}

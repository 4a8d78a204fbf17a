import 'reflect-metadata';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateIf } from 'class-validator';

export class DirectoryWaitForQueryDto {
  @ApiPropertyOptional({ description: 'Wait until the directory read model has reached this position' })
  @IsOptional()
  @Matches(/^\d{1,20}-\d{1,20}$/, { message: 'waitFor must be a position "<commit>-<prepare>"' })
  waitFor?: string;
}

/** GET /directory/employees/:id: `view=colleague` shows what any colleague sees (a card shared in a chat), whoever asks. */
export class DirectoryCardQueryDto extends DirectoryWaitForQueryDto {
  @ApiPropertyOptional({ enum: ['colleague'], description: "Only what every colleague may see, whatever the caller's own rights" })
  @IsOptional()
  @IsIn(['colleague'])
  view?: 'colleague';
}

/** GET /directory/search: free text (names in Russian or English, any transliteration, typos, short first names; department, office, project, position) and exact filters. */
export class SearchDirectoryQueryDto extends DirectoryWaitForQueryDto {
  @ApiPropertyOptional({ example: 'Саша Иванов', description: 'Free text; empty with a filter lists by name' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;
  @ApiPropertyOptional({ example: 'Engineering' }) @IsOptional() @IsString() @MaxLength(100) department?: string;
  @ApiPropertyOptional({ example: 'Moscow HQ' }) @IsOptional() @IsString() @MaxLength(100) office?: string;
  @ApiPropertyOptional({ example: 'megabot' }) @IsOptional() @IsString() @MaxLength(100) project?: string;
  @ApiPropertyOptional({ example: 'Developer' }) @IsOptional() @IsString() @MaxLength(100) position?: string;
  @ApiPropertyOptional({ example: 10, default: 10 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(50) limit?: number;
}

/** PUT /directory/employees/:id/privacy: what colleagues may see; only the flags given change. */
export class ChangeDirectoryPrivacyDto {
  @ApiPropertyOptional({ description: 'Colleagues see the corporate e-mail' }) @IsOptional() @IsBoolean() email?: boolean;
  @ApiPropertyOptional({ description: 'Colleagues see the Telegram contact' }) @IsOptional() @IsBoolean() telegram?: boolean;
  @ApiPropertyOptional({ description: 'Colleagues see the photo' }) @IsOptional() @IsBoolean() photo?: boolean;
}

/** PUT /directory/employees/:id/photo: an https URL or a Telegram file id; null removes the photo. */
export class ChangeEmployeePhotoDto {
  @ApiPropertyOptional({ type: String, nullable: true, example: 'https://intranet.example.com/photos/anna.jpg' })
  @ValidateIf((_, v) => v !== null)
  @IsString()
  @MaxLength(500)
  photo!: string | null;
}

import { BadRequestException } from '@nestjs/common';
import { KNOWLEDGE_SOURCE_ID_PATTERN } from '@megabot/contracts';

/** A source id from the path, or a 400 saying what it must look like. */
export function sourceIdOf(sourceId: string): string {
  if (!KNOWLEDGE_SOURCE_ID_PATTERN.test(sourceId)) throw new BadRequestException('sourceId must be 1-32 lower-case letters, digits, "_" or "-"');
  return sourceId;
}

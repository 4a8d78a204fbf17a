import { ID_PATTERN } from '@megabot/contracts';
import { problem } from '../core/problem';

/** The lot id of a path, checked before it reaches a stream name. */
export function lotIdOf(lotId: string): string {
  if (!ID_PATTERN.test(lotId)) throw problem(400, 'validation.failed', 'lotId must be 1-64 letters, digits, "_" or "-"');
  return lotId;
}

export function bidNoOf(text: string): number {
  if (!/^[1-9]\d{0,8}$/.test(text)) throw problem(400, 'validation.failed', 'bidNo must be a positive integer');
  return Number(text);
}

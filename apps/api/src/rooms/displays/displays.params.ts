import { DISPLAY_ID_PATTERN } from '@megabot/contracts';
import { problem } from '../../core/problem';

/** The display id of a path, checked before it reaches a stream name. */
export function displayIdOf(displayId: string): string {
  if (!DISPLAY_ID_PATTERN.test(displayId)) throw problem(400, 'validation.failed', 'displayId must be 1-32 letters, digits, "_" or "-"');
  return displayId;
}

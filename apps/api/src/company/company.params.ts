import { CALENDAR_REGION_PATTERN } from '@megabot/contracts';
import { problem } from '../core/problem';

export function regionOf(region: string): string {
  if (!CALENDAR_REGION_PATTERN.test(region)) throw problem(400, 'validation.failed', 'region must be a lower-case country code or office id');
  return region;
}

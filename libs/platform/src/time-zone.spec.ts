import { fixedZone } from '@megabot/domain';
import { intlOffsetAt, isKnownTimeZone, zoneOffsetsFromIntl } from './time-zone';

describe('time-zone offsets from Intl', () => {
  it('finds the daylight saving changes to the minute', () => {
    const z = zoneOffsetsFromIntl('Europe/Berlin', Date.parse('2025-01-01T00:00:00Z'), Date.parse('2025-12-31T00:00:00Z'));
    expect(z).toEqual({
      zone: 'Europe/Berlin',
      offsetMinutes: 60,
      changes: [
        { at: '2025-03-30T01:00:00.000Z', offsetMinutes: 120 },
        { at: '2025-10-26T01:00:00.000Z', offsetMinutes: 60 },
      ],
    });
    expect(zoneOffsetsFromIntl('Europe/Moscow', Date.parse('2025-01-01T00:00:00Z'), Date.parse('2025-12-31T00:00:00Z'))).toEqual(
      fixedZone('Europe/Moscow', 180),
    );
    expect(intlOffsetAt('Asia/Kolkata', Date.parse('2025-06-01T00:00:00Z'))).toBe(330);
    expect(isKnownTimeZone('Europe/Nowhere')).toBe(false);
  });
});

import { middayZone } from './midday-zone';

describe('middayZone', () => {
  it('is midday, local time, at every hour of the UTC day', () => {
    for (let hour = 0; hour < 24; hour++) {
      const now = Date.UTC(2026, 11, 4, hour, 45);
      const zone = middayZone(now);
      const local = new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(now);
      expect([zone, local]).toEqual([zone, '12:45']);
    }
  });
});

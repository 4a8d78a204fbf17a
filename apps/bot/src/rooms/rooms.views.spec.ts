import type { OfficeView } from '@megabot/contracts';
import { anyDaysView } from './rooms.views';

describe('rooms views: the days offered', () => {
  const office: OfficeView = { officeId: 'hq', name: 'HQ', address: '', timeZone: 'UTC', status: 'active', roomCount: 3, daysOff: ['2026-05-12'] };
  const days = (daysOff: string[]) =>
    anyDaysView('en', { ...office, daysOff }, 4, new Date('2026-05-11T09:00:00Z')) // a Monday
      .keyboard.inline_keyboard.flat()
      .map((b) => ('callback_data' in b ? b.callback_data : ''))
      .filter((d) => d.startsWith('r:ad:'))
      .map((d) => d.split(':')[4]);

  it("weekdays from today, leaving out the office's holidays", () => {
    expect(days([])).toEqual(['20260511', '20260512', '20260513', '20260514', '20260515', '20260518']);
    expect(days(['2026-05-12'])).toEqual(['20260511', '20260513', '20260514', '20260515', '20260518', '20260519']);
  });
});

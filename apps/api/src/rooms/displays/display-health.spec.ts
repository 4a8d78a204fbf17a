import { expectedByMs, isLowBattery, isStale, LOW_BATTERY_MV, NEVER_SEEN_GRACE_SEC } from './display-health';

describe('display health flags', () => {
  const t = Date.parse('2025-03-14T10:00:00Z');
  it('expects a display back after its sleep plus 10 % drift and 3 minutes of retries', () => {
    expect(expectedByMs(t, 900)).toBe(t + (990 + 180) * 1000);
    // the device clamps its sleep to 60 s ... 72 h
    expect(expectedByMs(t, 5)).toBe(t + (66 + 180) * 1000);
    expect(expectedByMs(t, 10 ** 7)).toBe(t + Math.ceil(72 * 3600 * 1.1 + 180) * 1000);
  });
  it('is stale only after that, or an hour after registration without a poll', () => {
    const seen = { lastSeenMs: t, refreshSec: 900 };
    expect(isStale(t + 1170_000, seen, t)).toBe(false);
    expect(isStale(t + 1171_000, seen, t)).toBe(true);
    expect(isStale(t + NEVER_SEEN_GRACE_SEC * 1000, null, t)).toBe(false);
    expect(isStale(t + NEVER_SEEN_GRACE_SEC * 1000 + 1, null, t)).toBe(true);
  });
  it('flags a low battery below the firmware threshold; 0 or missing is unknown', () => {
    expect(isLowBattery(LOW_BATTERY_MV - 1)).toBe(true);
    expect(isLowBattery(LOW_BATTERY_MV)).toBe(false);
    expect(isLowBattery(0)).toBe(false);
    expect(isLowBattery(null)).toBe(false);
  });
});

import { isAdmin, PERIOD_PATTERN, TIMESHEETS_SCHEMA_VERSIONS, timesheetPeriodStreamId, type Actor, type TimesheetPeriodEvent } from '@megabot/contracts';
import type { Decider } from '../shared/decider';
import { versionsFrom, type WriteSideDefinition } from '../shared/write-side';
import { TimesheetsErrors } from './timesheets.errors';

/**
 * Stream `timesheetperiod-<YYYY-MM>`: admins close a month (no entry of it
 * changes any more) and may reopen it, always with a reason.
 */
export interface ClosePeriod {
  type: 'ClosePeriod';
  period: string;
  actor: Actor;
}
export interface ReopenPeriod {
  type: 'ReopenPeriod';
  period: string;
  reason: string;
  actor: Actor;
}
export type PeriodCommand = ClosePeriod | ReopenPeriod;

export interface PeriodState {
  closed: boolean;
  /** How many times it was reopened. */
  reopened: number;
}
export const initialPeriodState: PeriodState = Object.freeze({ closed: false, reopened: 0 });

export function evolvePeriod(state: PeriodState, event: TimesheetPeriodEvent): PeriodState {
  switch (event.type) {
    case 'PeriodClosed':
      return { ...state, closed: true };
    case 'PeriodReopened':
      return { closed: false, reopened: state.reopened + 1 };
    default:
      return state;
  }
}

export function decidePeriod(state: PeriodState, c: PeriodCommand, now: Date): TimesheetPeriodEvent[] {
  if (!isAdmin(c.actor)) throw TimesheetsErrors.adminRequired(c.type === 'ClosePeriod' ? 'close a period' : 'reopen a period');
  if (typeof c.period !== 'string' || !PERIOD_PATTERN.test(c.period)) throw TimesheetsErrors.invalid('period', 'must be a month YYYY-MM');
  const at = now.toISOString();
  if (c.type === 'ClosePeriod') return state.closed ? [] : [{ type: 'PeriodClosed', data: { period: c.period, closedBy: c.actor.employeeId, closedAt: at } }];
  const reason = (c.reason ?? '').trim();
  if (!reason) throw TimesheetsErrors.reasonRequired();
  if (reason.length > 500) throw TimesheetsErrors.invalid('reason', 'at most 500 characters');
  if (!state.closed) throw TimesheetsErrors.periodNotClosed(c.period);
  return [{ type: 'PeriodReopened', data: { period: c.period, reason, reopenedBy: c.actor.employeeId, reopenedAt: at } }];
}

export const periodDecider: Decider<PeriodCommand, TimesheetPeriodEvent, PeriodState> = {
  initialState: initialPeriodState,
  evolve: evolvePeriod,
  decide: decidePeriod,
};

export const periodWriteSide: WriteSideDefinition<PeriodCommand, TimesheetPeriodEvent, PeriodState> = {
  name: 'timesheets.period',
  decider: periodDecider,
  streamOf: (c) => timesheetPeriodStreamId(c.period),
  schemaVersionOf: versionsFrom(TIMESHEETS_SCHEMA_VERSIONS),
};

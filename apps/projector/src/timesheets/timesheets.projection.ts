import type { RecordedEvent } from '@megabot/event-store';
import { LeaveRow, PeriodRow, ProjectRow, TimeEntryRow, type TableWriter } from '@megabot/read-model';
import type { Projection } from '../projection';
import { evolveEntry, evolveLeave, evolvePeriod, evolveProject } from './timesheets.fold';

const ENTRY_TYPES = new Set(['TimeLogged', 'TimeEntryEdited', 'TimeEntryDeleted']);
const PROJECT_TYPES = new Set(['ProjectOpened', 'ProjectClosed', 'ProjectReopened']);
const PERIOD_TYPES = new Set(['PeriodClosed', 'PeriodReopened']);
const LEAVE_TYPES = new Set(['LeaveRecorded', 'LeaveCancelled']);

type Data = { employeeId?: string; entryId?: string; code?: string; period?: string; leaveId?: string };
const data = (e: RecordedEvent) => e.data as Data;
const entryKey = (e: RecordedEvent): [string, string] => [data(e).employeeId!, data(e).entryId!];
const leaveKey = (e: RecordedEvent): [string, string] => [data(e).employeeId!, data(e).leaveId!];

/**
 * The time-logging read model: entries, projects, periods and leave. A batch loads
 * the rows it touches (one SELECT per table), folds its events in log order
 * with timesheets.fold, and writes one statement per table.
 */
export class TimesheetsProjection implements Projection {
  readonly name = 'timesheets';
  readonly schema = 'timesheets';

  handles(type: string): boolean {
    return ENTRY_TYPES.has(type) || PROJECT_TYPES.has(type) || PERIOD_TYPES.has(type) || LEAVE_TYPES.has(type);
  }

  async apply(events: RecordedEvent[], tables: TableWriter): Promise<void> {
    const of = (types: Set<string>) => events.filter((e) => types.has(e.type));
    const entries = await tables.load(TimeEntryRow, of(ENTRY_TYPES).map(entryKey));
    const projects = await tables.load(
      ProjectRow,
      of(PROJECT_TYPES).map((e) => data(e).code!),
    );
    const periods = await tables.load(
      PeriodRow,
      of(PERIOD_TYPES).map((e) => data(e).period!),
    );
    const leave = await tables.load(LeaveRow, of(LEAVE_TYPES).map(leaveKey));
    for (const event of events) {
      if (ENTRY_TYPES.has(event.type)) entries.fold(entryKey(event), event, evolveEntry);
      else if (PROJECT_TYPES.has(event.type)) projects.fold(data(event).code!, event, evolveProject);
      else if (PERIOD_TYPES.has(event.type)) periods.fold(data(event).period!, event, evolvePeriod);
      else if (LEAVE_TYPES.has(event.type)) leave.fold(leaveKey(event), event, evolveLeave);
    }
    await tables.upsert(TimeEntryRow, entries.changed(), { newerBy: 'stream_revision' });
    await tables.upsert(ProjectRow, projects.changed(), { newerBy: 'revision' });
    await tables.upsert(PeriodRow, periods.changed(), { newerBy: 'revision' });
    await tables.upsert(LeaveRow, leave.changed(), { newerBy: 'revision' });
  }
}

import { EMPLOYEE_EVENT_TYPES } from '@megabot/contracts';
import type { RecordedEvent } from '@megabot/event-store';
import { DIRECTORY_PROJECTION, DIRECTORY_SCHEMA, DirectoryEmployeeRow, type TableWriter } from '@megabot/read-model';
import type { Projection } from '../projection';
import { evolveDirectoryEmployee } from './directory.fold';

const HANDLED = new Set<string>(EMPLOYEE_EVENT_TYPES);
const employeeIdOf = (e: RecordedEvent) => (e.data as { employeeId: string }).employeeId;

/**
 * The employee directory (schema `directory`): who is who, folded from
 * identity's employee events with directory.fold. A batch loads the rows it
 * touches, folds in memory and writes one upsert; the runner's NOTIFY on
 * `megabot_projections` at commit tells the API's search index to reload
 * the rows changed since its last refresh.
 */
export class DirectoryProjection implements Projection {
  readonly name = DIRECTORY_PROJECTION;
  readonly schema = DIRECTORY_SCHEMA;

  handles(type: string): boolean {
    return HANDLED.has(type);
  }

  async apply(events: RecordedEvent[], tables: TableWriter): Promise<void> {
    const rows = await tables.load(DirectoryEmployeeRow, events.map(employeeIdOf));
    for (const e of events) rows.fold(employeeIdOf(e), e, evolveDirectoryEmployee);
    await tables.upsert(DirectoryEmployeeRow, rows.changed(), { newerBy: 'revision' });
  }
}

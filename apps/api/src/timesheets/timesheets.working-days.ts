import { Injectable } from '@nestjs/common';
import type { WorkingDayPredicate } from '@megabot/domain';
import { WorkingDaysReader } from '@megabot/read-model';
import { DataSource } from 'typeorm';

/**
 * Which days an employee is expected to log time on: the summaries mark
 * them, copying a week fills only them. The production calendar of the
 * employee's office (else the country's; Monday to Friday in a year with no
 * calendar imported), less the employee's leave - the same days the
 * projector's reminders ask about.
 */
@Injectable()
export class WorkingDays {
  private readonly reader: WorkingDaysReader;

  constructor(ds: DataSource) {
    this.reader = new WorkingDaysReader(ds);
  }

  async forEmployee(employeeId: string): Promise<WorkingDayPredicate> {
    return (await this.reader.daysToLog([employeeId]))(employeeId);
  }

  /** One read for a team. */
  forEmployees(employeeIds: readonly string[]): Promise<(employeeId: string) => WorkingDayPredicate> {
    return this.reader.daysToLog(employeeIds);
  }
}

import { mondayToFriday, type WorkingDayPredicate } from '@megabot/domain';

/**
 * Which days an employee is expected to log time on: the summaries mark them,
 * copying a week and the reminders skip the others. Monday to Friday here;
 * the company calendar (holidays, shortened days, working weekends of the
 * employee's country or office) is wired by providing another
 * implementation under this token in TimesheetsModule.
 */
export abstract class WorkingDays {
  abstract forEmployee(employeeId: string): Promise<WorkingDayPredicate>;
}

export class MondayToFriday extends WorkingDays {
  async forEmployee(): Promise<WorkingDayPredicate> {
    return mondayToFriday;
  }
}

import { Injectable } from '@nestjs/common';
import type { RoomSettings } from '@megabot/contracts';
import { addDays, DEFAULT_WORKING_HOURS, holidayClosing, RoomsErrors } from '@megabot/domain';
import { WorkingDaysReader } from '@megabot/read-model';
import { DataSource } from 'typeorm';

/** How many days ahead the bot's day buttons look: the days off among them are listed. */
export const DAYS_OFF_AHEAD = 31;

/** Holidays of the office's production calendar that close its rooms (see holidayClosing). */
@Injectable()
export class RoomsHolidays {
  private readonly reader: WorkingDaysReader;

  constructor(ds: DataSource) {
    this.reader = new WorkingDaysReader(ds);
  }

  /** 422 `rooms.holiday` when the room is closed for a holiday on its local date. */
  async assertOpen(settings: RoomSettings, date: string): Promise<void> {
    const closing = holidayClosing(settings.workingHours, (await this.reader.ofOffice(settings.officeId))(date), date);
    if (closing) throw RoomsErrors.holiday(date, closing.title);
  }

  /** The holidays that close an office's weekday rooms, from today in its zone on. */
  officeDaysOff(officeId: string, timeZone: string, now = new Date()): Promise<string[]> {
    const today = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
    return this.daysOff(officeId, DEFAULT_WORKING_HOURS, today);
  }

  /** The dates from `from` on (DAYS_OFF_AHEAD of them) on which a room with these hours in this office is closed for a holiday. */
  async daysOff(officeId: string, hours: RoomSettings['workingHours'], from: string): Promise<string[]> {
    const at = await this.reader.ofOffice(officeId);
    return Array.from({ length: DAYS_OFF_AHEAD }, (_, i) => addDays(from, i)).filter((d) => holidayClosing(hours, at(d), d));
  }
}

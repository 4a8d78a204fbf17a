import { DomainError } from '@megabot/domain';
import type { EventStore } from '@megabot/event-store';
import type { DataSource } from 'typeorm';
import { PollingManager, type PollingOptions } from '../polling-manager';
import { RoomsWriter } from './rooms.writer';

/**
 * Series attendance: feeds each occurrence's outcome into its series
 * stream - checked in -> RecordAttendance(attended), released as a no-show
 * -> RecordAttendance(missed). The series decider counts the misses in a
 * row and, at its unattendedLimit, writes SeriesFlaggedUnattended, which
 * the projection turns into a notice to the organizer (confirm or cancel).
 *
 * Occurrences are fed per series in date order, so "in a row" means what
 * it says. The command id is derived from the series and date, and the
 * decider ignores a date it already recorded: a repeat changes nothing.
 */
export class SeriesAttendanceManager extends PollingManager {
  readonly name = 'rooms-series-attendance';
  private readonly writer: RoomsWriter;

  constructor(
    store: EventStore,
    private readonly ds: DataSource,
    options: PollingOptions = {},
  ) {
    super(options);
    this.writer = new RoomsWriter(store, this.clock);
  }

  async tick(): Promise<{ recorded: number }> {
    const rows: { series_id: string; date: string; booking_id: string; attended: boolean }[] = await this.ds.query(
      `SELECT b.series_id, b.date, b.booking_id, (b.checked_in_at IS NOT NULL) AS attended
       FROM rooms.bookings b JOIN rooms.series s ON s.series_id = b.series_id
       WHERE b.series_id IS NOT NULL AND (b.checked_in_at IS NOT NULL OR b.status = 'released')
         AND NOT EXISTS (SELECT 1 FROM rooms.series_outcomes o WHERE o.series_id = b.series_id AND o.date = b.date AND o.outcome IN ('attended', 'missed'))
       ORDER BY b.series_id, b.date LIMIT $1`,
      [this.batchSize],
    );
    let recorded = 0;
    for (const r of rows) {
      try {
        const outcome = await this.writer.seriesCommand(
          { type: 'RecordAttendance', seriesId: r.series_id, date: r.date, bookingId: r.booking_id, attended: r.attended },
          `series-attendance-${r.series_id}-${r.date}`,
          this.name,
        );
        if (outcome.events.length) recorded++;
      } catch (e) {
        if (!(e instanceof DomainError)) throw e;
        this.options.log?.(`series ${r.series_id} ${r.date}: ${e.message}`);
      }
    }
    return { recorded };
  }
}

import { Command, Query } from '@nestjs/cqrs';
import type { CommandResultDto, CreateSeriesDto, PlanSeriesDto, SeriesPlanView, SeriesResultDto } from '@megabot/contracts';
import type { RoomsCommandContext } from '../rooms.write-model';

/** Which occurrences of a rule could be booked now and which not (and why); writes nothing. */
export class PlanSeriesQuery extends Query<SeriesPlanView> {
  constructor(
    readonly roomId: string,
    readonly body: PlanSeriesDto,
  ) {
    super();
  }
}

/** Records the series (conflicting dates reported and skipped) and books every other occurrence. */
export class CreateSeriesCommand extends Command<SeriesResultDto> {
  constructor(
    readonly roomId: string,
    readonly body: CreateSeriesDto,
    readonly ctx: RoomsCommandContext,
  ) {
    super();
  }
}

/** Stops the series from a date on and cancels its bookings that have not started. */
export class CancelSeriesCommand extends Command<CommandResultDto & { seriesId: string; cancelledBookings: string[] }> {
  constructor(
    readonly seriesId: string,
    readonly fromDate: string | undefined,
    readonly reason: string | undefined,
    readonly ctx: RoomsCommandContext,
  ) {
    super();
  }
}

/** The organizer keeps a series that was flagged as unattended. */
export class ConfirmSeriesCommand extends Command<CommandResultDto & { seriesId: string }> {
  constructor(
    readonly seriesId: string,
    readonly ctx: RoomsCommandContext,
  ) {
    super();
  }
}

import { Inject, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import {
  formatPosition,
  officeStreamId,
  ROOMS_SCHEMA_VERSIONS,
  roomDayStreamId,
  roomSeriesStreamId,
  roomStreamId,
  type CommandResultDto,
  type OfficeEvent,
  type RoomDayEvent,
  type RoomEvent,
  type RoomsEventType,
  type SeriesEvent,
} from '@megabot/contracts';
import {
  fold,
  officeDecider,
  officeWriteSide,
  RoomsErrors,
  roomDayDecider,
  roomDayWriteSide,
  roomDecider,
  roomWriteSide,
  seriesWriteSide,
  type OfficeCommand,
  type OfficeState,
  type RoomCommand,
  type RoomContext,
  type RoomDayCommand,
  type RoomDayState,
  type RoomState,
  type SeriesCommand,
  type SeriesState,
  type ZoneOffsets,
} from '@megabot/domain';
import { zoneOffsetsFromIntl } from '@megabot/displays';
import { fingerprint, StreamCommandProcessor, type CommandOutcome, type EventStore } from '@megabot/event-store';
import { EVENT_STORE } from '../core/api-options';

export interface RoomsCommandContext {
  commandId: string;
  actorId: string;
  correlationId?: string;
}

const DAY_MS = 86_400_000;

/**
 * The rooms' write side: one serialized processor per stream kind (office,
 * room, room-day, series). A booking is decided on its room-day stream
 * against every other booking of that room and day and appended with the
 * revision it was decided on, so two bookings can never overlap - a
 * concurrent writer in another process gets a revision conflict and the
 * processor decides again against the winner.
 */
@Injectable()
export class RoomsWriteModel {
  readonly offices: StreamCommandProcessor<OfficeCommand, OfficeEvent, OfficeState>;
  readonly rooms: StreamCommandProcessor<RoomCommand, RoomEvent, RoomState>;
  readonly days: StreamCommandProcessor<RoomDayCommand, RoomDayEvent, RoomDayState>;
  readonly series: StreamCommandProcessor<SeriesCommand, SeriesEvent, SeriesState>;

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {
    this.offices = new StreamCommandProcessor(store, officeWriteSide);
    this.rooms = new StreamCommandProcessor(store, roomWriteSide);
    this.days = new StreamCommandProcessor(store, roomDayWriteSide);
    this.series = new StreamCommandProcessor(store, seriesWriteSide);
  }

  office(command: OfficeCommand, ctx: RoomsCommandContext, request: unknown) {
    return this.offices.execute(command, envelope(ctx, request));
  }

  room(command: RoomCommand, ctx: RoomsCommandContext, request: unknown) {
    return this.rooms.execute(command, envelope(ctx, request));
  }

  day(command: RoomDayCommand, ctx: RoomsCommandContext, request?: unknown) {
    return this.days.execute(command, envelope(ctx, request));
  }

  seriesCommand(command: SeriesCommand, ctx: RoomsCommandContext, request?: unknown) {
    return this.series.execute(command, envelope(ctx, request));
  }

  /** The office as its stream says now (read fresh: another API instance may have changed it). */
  async officeState(officeId: string): Promise<OfficeState> {
    const events = await this.store.readStream(officeStreamId(officeId));
    return fold(officeDecider, events.map((e) => ({ type: e.type, data: e.data }) as OfficeEvent));
  }

  /**
   * What booking commands know about the room: its settings and retired
   * flag, folded fresh from its stream, and its zone's offsets over
   * [fromMs - 2 days, toMs + 2 days].
   */
  async roomContext(roomId: string, fromMs: number, toMs = fromMs): Promise<RoomContext> {
    const events = await this.store.readStream(roomStreamId(roomId));
    const state = fold(roomDecider, events.map((e) => ({ type: e.type, data: e.data }) as RoomEvent));
    if (state.status === 'none') throw RoomsErrors.roomNotFound(roomId);
    return { settings: state.settings, retired: state.status === 'retired', zone: zoneAround(state.settings.timeZone, fromMs, toMs) };
  }

  /** A room-day as its stream says now (queries and planners: fresher than the read model). */
  async dayState(roomId: string, date: string): Promise<RoomDayState> {
    const events = await this.store.readStream(roomDayStreamId(roomId, date));
    return fold(roomDayDecider, events.map((e) => ({ type: e.type, data: e.data }) as RoomDayEvent));
  }

  /** The room-day as the processor that just wrote it knows it (includes the command it answered). */
  async decidedDay(roomId: string, date: string): Promise<RoomDayState> {
    return (await this.days.current(roomDayStreamId(roomId, date))).state;
  }

  async seriesState(seriesId: string): Promise<SeriesState> {
    return (await this.series.current(roomSeriesStreamId(seriesId))).state;
  }
}

export function zoneAround(timeZone: string, fromMs: number, toMs = fromMs): ZoneOffsets {
  return zoneOffsetsFromIntl(timeZone, fromMs - 2 * DAY_MS, toMs + 2 * DAY_MS);
}

/** Noon UTC of a local date: inside that date in every zone from UTC-11 to UTC+11. */
export const noonOf = (date: string) => Date.parse(`${date}T12:00:00Z`);

function envelope(ctx: RoomsCommandContext, request: unknown) {
  return {
    commandId: ctx.commandId,
    // The request as the client sent it (not the room context the handler added): an idempotency key reused for another request is refused.
    commandHash: request === undefined ? undefined : fingerprint(request),
    correlationId: ctx.correlationId,
    actorId: ctx.actorId,
  };
}

/** A short id derived from parts (the same request yields the same id: a retry lands on the same booking). */
export function derivedId(prefix: string, ...parts: string[]): string {
  return prefix + createHash('sha1').update(parts.join('\u0000')).digest('hex').slice(0, 15);
}

export function commandResult(outcome: CommandOutcome): CommandResultDto {
  return { streamId: outcome.streamId, revision: Number(outcome.revision), position: formatPosition(outcome.position), duplicate: outcome.duplicate };
}

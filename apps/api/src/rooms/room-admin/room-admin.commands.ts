import { Command } from '@nestjs/cqrs';
import type { CommandResultDto, CreateRoomDto, UpdateRoomDto } from '@megabot/contracts';
import type { RoomsCommandContext } from '../rooms.write-model';

export type RoomResultDto = CommandResultDto & { roomId: string };

/** Admins: a room in an office (defaults for everything but name, floor and capacity). */
export class CreateRoomCommand extends Command<RoomResultDto> {
  constructor(
    readonly officeId: string,
    readonly body: CreateRoomDto,
    readonly ctx: RoomsCommandContext,
  ) {
    super();
  }
}

/** Admins: settings replaced key by key, the booking policy merged field by field. */
export class UpdateRoomCommand extends Command<RoomResultDto> {
  constructor(
    readonly roomId: string,
    readonly body: UpdateRoomDto,
    readonly ctx: RoomsCommandContext,
  ) {
    super();
  }
}

/** Admins: the room can no longer be booked; existing bookings stay until cancelled. */
export class RetireRoomCommand extends Command<RoomResultDto> {
  constructor(
    readonly roomId: string,
    readonly reason: string | undefined,
    readonly ctx: RoomsCommandContext,
  ) {
    super();
  }
}

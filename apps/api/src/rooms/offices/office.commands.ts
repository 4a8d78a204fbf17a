import { Command } from '@nestjs/cqrs';
import type { CommandResultDto, CreateOfficeDto, UpdateOfficeDto } from '@megabot/contracts';
import type { RoomsCommandContext } from '../rooms.write-model';

export type OfficeResultDto = CommandResultDto & { officeId: string };

/** Admins: a new office (its time zone is the default of its rooms). */
export class CreateOfficeCommand extends Command<OfficeResultDto> {
  constructor(
    readonly body: CreateOfficeDto,
    readonly ctx: RoomsCommandContext,
  ) {
    super();
  }
}

export class UpdateOfficeCommand extends Command<OfficeResultDto> {
  constructor(
    readonly officeId: string,
    readonly body: UpdateOfficeDto,
    readonly ctx: RoomsCommandContext,
  ) {
    super();
  }
}

/** No new rooms in the office; its rooms stay bookable until retired one by one. */
export class ArchiveOfficeCommand extends Command<OfficeResultDto> {
  constructor(
    readonly officeId: string,
    readonly reason: string | undefined,
    readonly ctx: RoomsCommandContext,
  ) {
    super();
  }
}

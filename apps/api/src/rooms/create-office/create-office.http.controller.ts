import { ForAdmin } from '../../core/access/policy';
import type { Actor } from '@megabot/contracts';
import { CurrentEmployee } from '../../core/access/actor';
import { Body, Controller, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { CreateOfficeDto, type CommandResultDto } from '@megabot/contracts';
import { officeWriteSide } from '@megabot/domain';
import type { CommandContext } from '@megabot/event-store';
import { CommandRoute } from '../../core/api-docs';
import { CommandCtx } from '../../core/request-context';
import { ExecuteCommand } from '../../core/write-side';
import { checkKnownTimeZone } from '../rooms.params';

@ApiTags('rooms')
@ForAdmin()
@Controller('rooms')
export class CreateOfficeController {
  constructor(private readonly commands: CommandBus) {}

  /** Its time zone is the default of its rooms. */
  @Post('offices')
  @CommandRoute('Create an office (admins)', { 403: 'Not an admin', 409: 'The office exists' })
  async createOffice(
    @Body() body: CreateOfficeDto,
    @CurrentEmployee() actor: Actor,
    @CommandCtx() ctx: CommandContext,
  ): Promise<CommandResultDto & { officeId: string }> {
    checkKnownTimeZone('timeZone', body.timeZone);
    const { officeId, name, address, timeZone } = body;
    const command = { type: 'CreateOffice' as const, officeId, name, address, timeZone, actor };
    const { result } = await this.commands.execute(new ExecuteCommand(officeWriteSide, command, ctx));
    return { ...result, officeId };
  }
}

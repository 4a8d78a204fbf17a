import { ForBot } from '../../core/access/policy';
import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ClaimNoticesDto } from '@megabot/contracts';
import { ClaimNoticesCommand } from './claim-notices.command';

@ApiTags('notifications')
@ForBot()
@Controller('notifications')
export class ClaimNoticesHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post('claim')
  @HttpCode(200)
  @ApiOperation({
    summary:
      "The bot's delivery loop: due notices of every feature (auction, rooms, identity) for every recipient bound to Telegram, oldest first, " +
      'with the Telegram account and language to write in, leased to the caller; confirm each with POST /notifications/:id/delivered',
  })
  claim(@Body() body: ClaimNoticesDto) {
    return this.commands.execute(new ClaimNoticesCommand(body.limit ?? 50, body.leaseSeconds ?? 60));
  }
}

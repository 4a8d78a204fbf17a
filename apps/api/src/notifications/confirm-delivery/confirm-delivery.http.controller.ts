import { ForBot } from '../../core/access/policy';
import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ConfirmDeliveryDto } from '@megabot/contracts';
import { problem } from '../../core/problem';
import { ConfirmDeliveryCommand } from './confirm-delivery.command';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

@ApiTags('notifications')
@ForBot()
@Controller('notifications')
export class ConfirmDeliveryHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':id/delivered')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Confirms a claimed notice sent (or `undeliverable`: the user blocked the bot); it is never handed out again, also after a projection rebuild. ' +
      'Idempotent: `first` only for the call that confirmed it',
  })
  @ApiParam({ name: 'id' })
  @ApiResponse({ status: 404, description: 'No such notice' })
  delivered(@Param('id') id: string, @Body() body: ConfirmDeliveryDto) {
    if (!UUID.test(id)) throw problem(400, 'validation.failed', 'id must be a notification id (UUID)');
    return this.commands.execute(new ConfirmDeliveryCommand(id.toLowerCase(), body.outcome ?? 'delivered', body.error ?? null));
  }
}

import { ForAdmin } from '../../../core/access/policy';
import { Controller, Get } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ListChatsQuery } from './list-chats.handler';

@ApiTags('identity')
@ForAdmin()
@Controller('identity/chats')
export class ListChatsController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @ApiOperation({ summary: 'Chats the bot is (or was) in, with its status (admins)' })
  async chats() {
    return this.queries.execute(new ListChatsQuery());
  }
}

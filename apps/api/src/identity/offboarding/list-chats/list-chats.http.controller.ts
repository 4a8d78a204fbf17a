import { Controller, Get } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor } from '../../../core/request-context';
import { RolesService } from '../../../core/roles.service';
import { ListChatsQuery } from './list-chats.handler';

@ApiTags('identity')
@Controller('identity/chats')
export class ListChatsController {
  constructor(
    private readonly queries: QueryBus,
    private readonly roles: RolesService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Chats the bot is (or was) in, with its status (admins)' })
  @ApiHeader({ name: 'X-Employee-Id', required: true })
  async chats(@Actor() actorId: string) {
    await this.roles.requireAdmin(actorId, 'list the bot chats');
    return this.queries.execute(new ListChatsQuery());
  }
}

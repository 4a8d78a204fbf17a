import { ForBot } from '../../core/access/policy';
import { Body, Controller, Delete, Get, HttpCode, Param, Put, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiParam, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CONVERSATION_KEY, CONVERSATION_SCOPES, PutConversationDto, type ConversationScope } from '@megabot/contracts';
import { problem } from '../../core/problem';
import { EndConversation, GetConversationQuery, SaveConversation } from './conversations.handlers';

@ApiTags('bot')
@ForBot()
@Controller('bot/conversations')
export class ConversationsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get(':scope/:key')
  @ApiOperation({ summary: "A conversation state: a user's flow and step, or what a message's inline keyboard means" })
  @ApiParam({ name: 'scope', enum: CONVERSATION_SCOPES })
  @ApiParam({ name: 'key', description: 'e.g. "<chat id>:<user id>" or "<chat id>:<message id>"' })
  @ApiResponse({ status: 404, description: 'None, or it expired' })
  async get(@Param('scope') scope: string, @Param('key') key: string) {
    const state = await this.queries.execute(new GetConversationQuery(checkScope(scope), checkKey(key)));
    if (!state) throw problem(404, 'bot.conversation_not_found', 'No conversation state (none was written, or it expired)');
    return state;
  }

  @Put(':scope/:key')
  @ApiOperation({ summary: 'Write a conversation state if it is still at `expectedVersion` (0: none); answers the new version' })
  @ApiParam({ name: 'scope', enum: CONVERSATION_SCOPES })
  @ApiParam({ name: 'key' })
  @ApiResponse({ status: 409, description: 'Another write came first (`currentVersion`): read again' })
  @ApiResponse({ status: 422, description: 'data too large' })
  put(@Param('scope') scope: string, @Param('key') key: string, @Body() body: PutConversationDto) {
    return this.commands.execute(new SaveConversation(checkScope(scope), checkKey(key), body));
  }

  @Delete(':scope/:key')
  @HttpCode(204)
  @ApiOperation({ summary: 'End a conversation state read at `expectedVersion` (already gone: fine)' })
  @ApiParam({ name: 'scope', enum: CONVERSATION_SCOPES })
  @ApiParam({ name: 'key' })
  @ApiQuery({ name: 'expectedVersion', type: Number })
  @ApiResponse({ status: 409, description: 'It changed since it was read' })
  async delete(@Param('scope') scope: string, @Param('key') key: string, @Query('expectedVersion') expectedVersion: string) {
    if (!/^[1-9]\d{0,9}$/.test(expectedVersion ?? '')) throw problem(400, 'validation.failed', 'expectedVersion must be a positive integer');
    await this.commands.execute(new EndConversation(checkScope(scope), checkKey(key), Number(expectedVersion)));
  }
}

function checkScope(scope: string): ConversationScope {
  if (!(CONVERSATION_SCOPES as readonly string[]).includes(scope))
    throw problem(400, 'validation.failed', `scope must be one of ${CONVERSATION_SCOPES.join(', ')}`);
  return scope as ConversationScope;
}

function checkKey(key: string): string {
  if (!CONVERSATION_KEY.test(key)) throw problem(400, 'validation.failed', 'key must be 1-128 letters, digits, ":", "_" or "-"');
  return key;
}

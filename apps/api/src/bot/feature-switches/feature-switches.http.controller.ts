import { Body, Controller, Delete, Get, HttpCode, Param, Patch } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiHeader, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { PatchFeatureSwitchDto, type FeatureSwitchListView } from '@megabot/contracts';
import { RolesService } from '../../core/roles.service';
import { Actor } from '../../core/request-context';
import { ChangeSwitch, GetSwitchQuery, ListSwitchesQuery, RemoveSwitch } from './feature-switches.handlers';

const ADMIN = { name: 'X-Employee-Id', required: true, description: 'An admin' };

@ApiTags('bot')
@Controller('bot/switches')
export class FeatureSwitchesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly roles: RolesService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Every feature switch (the bot instances read this and evaluate it per update)' })
  list(): Promise<FeatureSwitchListView> {
    return this.queries.execute(new ListSwitchesQuery());
  }

  @Get(':name')
  @ApiParam({ name: 'name' })
  @ApiOperation({ summary: 'One feature switch' })
  @ApiResponse({ status: 404, description: 'No such switch' })
  get(@Param('name') name: string) {
    return this.queries.execute(new GetSwitchQuery(name));
  }

  @Patch(':name')
  @ApiOperation({ summary: 'Turn a switch on/off for all, per role, per employee (testers) or per bot version (admins); null removes a rule' })
  @ApiParam({ name: 'name', example: 'auction.open_lot' })
  @ApiHeader(ADMIN)
  @ApiResponse({ status: 403, description: 'Not an admin' })
  async patch(@Param('name') name: string, @Body() body: PatchFeatureSwitchDto, @Actor() actorId: string) {
    await this.roles.requireAdmin(actorId, 'change feature switches');
    return this.commands.execute(new ChangeSwitch(name, body, actorId));
  }

  @Delete(':name')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a switch (its flow is hidden again) (admins)' })
  @ApiParam({ name: 'name' })
  @ApiHeader(ADMIN)
  async delete(@Param('name') name: string, @Actor() actorId: string) {
    await this.roles.requireAdmin(actorId, 'change feature switches');
    await this.commands.execute(new RemoveSwitch(name));
  }
}

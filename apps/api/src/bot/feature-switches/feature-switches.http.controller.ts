import { ForAdmin, ForBotOrAdmin } from '../../core/access/policy';
import type { Actor } from '@megabot/contracts';
import { CurrentEmployee } from '../../core/access/actor';
import { Body, Controller, Delete, Get, HttpCode, Param, Patch } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { PatchFeatureSwitchDto, type FeatureSwitchListView } from '@megabot/contracts';
import { ChangeSwitch, GetSwitchQuery, ListSwitchesQuery, RemoveSwitch } from './feature-switches.handlers';

@ApiTags('bot')
@Controller('bot/switches')
export class FeatureSwitchesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get()
  @ForBotOrAdmin()
  @ApiOperation({ summary: 'Every feature switch (the bot instances read this and evaluate it per update)' })
  list(): Promise<FeatureSwitchListView> {
    return this.queries.execute(new ListSwitchesQuery());
  }

  @Get(':name')
  @ForBotOrAdmin()
  @ApiParam({ name: 'name' })
  @ApiOperation({ summary: 'One feature switch' })
  @ApiResponse({ status: 404, description: 'No such switch' })
  get(@Param('name') name: string) {
    return this.queries.execute(new GetSwitchQuery(name));
  }

  @Patch(':name')
  @ForAdmin()
  @ApiOperation({ summary: 'Turn a switch on/off for all, per role, per employee (testers) or per bot version (admins); null removes a rule' })
  @ApiParam({ name: 'name', example: 'auction.open_lot' })
  @ApiResponse({ status: 403, description: 'Not an admin' })
  async patch(@Param('name') name: string, @Body() body: PatchFeatureSwitchDto, @CurrentEmployee() actor: Actor) {
    return this.commands.execute(new ChangeSwitch(name, body, actor.employeeId));
  }

  @Delete(':name')
  @ForAdmin()
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a switch (its flow is hidden again) (admins)' })
  @ApiParam({ name: 'name' })
  async delete(@Param('name') name: string) {
    await this.commands.execute(new RemoveSwitch(name));
  }
}

import { Body, Controller, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { ImportCalendarDto, type Actor } from '@megabot/contracts';
import { calendarWriteSide, parseXmlCalendar } from '@megabot/domain';
import type { CommandContext } from '@megabot/event-store';
import { CurrentEmployee } from '../../core/access/actor';
import { ForAdmin } from '../../core/access/policy';
import { CommandRoute } from '../../core/api-docs';
import { CommandCtx } from '../../core/request-context';
import { ExecuteCommand } from '../../core/write-side';

@ApiTags('company')
@ForAdmin()
@Controller('company')
export class ImportCalendarController {
  constructor(private readonly commands: CommandBus) {}

  /** The year is the file's; a new import of a year replaces it, the same file again writes nothing. */
  @Post('calendars/import')
  @CommandRoute('Import a production calendar for a region (country code or office) from an xmlcalendar.ru XML file (admins)', {
    422: 'Not such a file, or a day that is no date of its year',
  })
  async import(@Body() body: ImportCalendarDto, @CurrentEmployee() actor: Actor, @CommandCtx() ctx: CommandContext) {
    const parsed = parseXmlCalendar(body.content);
    const source = `xmlcalendar.ru${parsed.country ? ` ${parsed.country}` : ''}${parsed.stamp ? ` ${parsed.stamp}` : ''}`;
    const command = { type: 'ImportProductionCalendar' as const, region: body.region, year: parsed.year, days: parsed.days, source, actor };
    const { result } = await this.commands.execute(new ExecuteCommand(calendarWriteSide, command, ctx));
    return { ...result, calendarId: `${body.region}-${parsed.year}`, year: parsed.year, days: parsed.days.length };
  }
}

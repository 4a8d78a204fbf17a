import { Controller, Get, Header, Param, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@megabot/contracts';
import { CurrentEmployee } from '../../core/access/actor';
import { ForEmployee } from '../../core/access/policy';
import { QueryRoute } from '../../core/api-docs';
import { employeeIdOf } from '../../identity/employees/employees.params';
import { vcardOf } from '../directory.cards';
import { GetCardQuery } from '../get-card/get-card.handler';

interface Reply {
  header(name: string, value: string): unknown;
}

@ApiTags('directory')
@ForEmployee()
@Controller('directory')
export class ExportVcardController {
  constructor(private readonly queries: QueryBus) {}

  @Get('employees/:employeeId/vcard')
  @Header('content-type', 'text/vcard; charset=utf-8')
  @ApiProduces('text/vcard')
  @QueryRoute('The card as a vCard 4.0 file (only what the card shows the caller)', { 404: 'No such active employee' })
  async vcard(@Param('employeeId') employeeId: string, @CurrentEmployee() viewer: Actor, @Res({ passthrough: true }) reply: Reply) {
    const id = employeeIdOf(employeeId);
    const card = await this.queries.execute(new GetCardQuery(id, viewer));
    reply.header('content-disposition', `attachment; filename="${id}.vcf"`);
    return vcardOf(card);
  }
}

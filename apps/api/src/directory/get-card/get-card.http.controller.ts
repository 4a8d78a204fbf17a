import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { DirectoryCardQueryDto, type Actor } from '@megabot/contracts';
import { CurrentEmployee } from '../../core/access/actor';
import { ForEmployee } from '../../core/access/policy';
import { QueryRoute } from '../../core/api-docs';
import { employeeIdOf } from '../../identity/employees/employees.params';
import { GetCardQuery } from './get-card.handler';

@ApiTags('directory')
@ForEmployee()
@Controller('directory')
export class GetCardController {
  constructor(private readonly queries: QueryBus) {}

  @Get('employees/:employeeId')
  @QueryRoute(
    "A colleague's card: position, department, office, projects, line manager and the chain above, direct reports; e-mail, Telegram and photo as their privacy allows",
    {
      404: 'No such active employee',
    },
  )
  card(@Param('employeeId') employeeId: string, @Query() query: DirectoryCardQueryDto, @CurrentEmployee() viewer: Actor) {
    return this.queries.execute(new GetCardQuery(employeeIdOf(employeeId), viewer, query.waitFor, query.view === 'colleague'));
  }
}

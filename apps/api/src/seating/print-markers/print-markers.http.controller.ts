import { Controller, Get, Param, Res, StreamableFile } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { QueryBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { ForAdmin } from '../../core/access/policy';
import { QueryRoute } from '../../core/api-docs';
import { floorRef } from '../seating.params';
import { PrintMarkersQuery } from './print-markers.handler';

@ApiTags('seating')
@ForAdmin()
@Controller('seating')
export class PrintMarkersController {
  constructor(
    private readonly queries: QueryBus,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  @Get('offices/:officeId/floors/:floor/markers.pdf')
  @QueryRoute('Wayfinding markers of a floor to print (admins): a QR code per meeting room door and corridor point, one per A4 page', {
    200: 'application/pdf',
    404: 'No such office or plan',
  })
  async markers(@Param('officeId') officeId: string, @Param('floor') floor: string, @Res({ passthrough: true }) res: unknown): Promise<StreamableFile> {
    const ref = floorRef(officeId, floor);
    const pdf = await this.queries.execute(new PrintMarkersQuery(ref.officeId, ref.floor));
    this.adapterHost.httpAdapter.setHeader(res, 'Content-Disposition', `attachment; filename="markers-${ref.officeId}-${ref.floor}.pdf"`);
    return new StreamableFile(pdf, { type: 'application/pdf', length: pdf.length });
  }
}

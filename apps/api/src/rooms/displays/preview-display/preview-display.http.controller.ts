import { ForAdmin } from '../../../core/access/policy';
import type { Actor } from '@megabot/contracts';
import { CurrentEmployee } from '../../../core/access/actor';
import { Controller, Get, Param, Query, Res, StreamableFile } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { HttpAdapterHost } from '@nestjs/core';
import { ApiQuery, ApiTags } from '@nestjs/swagger';
import { QueryRoute } from '../../../core/api-docs';
import { problem } from '../../../core/problem';
import { displayIdOf } from '../displays.params';
import { PreviewDisplayQuery } from './preview-display.handler';

const SIZES: Record<string, [number, number]> = { '400x300': [400, 300], '296x128': [296, 128] };

@ApiTags('displays')
@ForAdmin()
@Controller('displays')
export class PreviewDisplayController {
  constructor(
    private readonly queries: QueryBus,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  @Get(':displayId/preview.png')
  @QueryRoute("What the panel shows now (or `at`), drawn with the firmware's layout rules (admins)", {
    200: 'image/png; `X-Display-Etag` names the payload drawn',
  })
  @ApiQuery({ name: 'at', required: false, description: 'ISO 8601 instant (default now)' })
  @ApiQuery({ name: 'size', required: false, description: '400x300 (default) or 296x128' })
  @ApiQuery({ name: 'scale', required: false, description: 'Pixel scale 1-4 (default 1)' })
  async preview(
    @Param('displayId') displayId: string,
    @CurrentEmployee() actor: Actor,
    @Res({ passthrough: true }) res: unknown,
    @Query('at') at?: string,
    @Query('size') size?: string,
    @Query('scale') scale?: string,
  ) {
    displayIdOf(displayId);
    const atMs = at === undefined ? Date.now() : Date.parse(at);
    if (Number.isNaN(atMs) || (at !== undefined && !/^\d{4}-\d{2}-\d{2}T/.test(at))) throw problem(400, 'validation.failed', 'at must be an ISO 8601 instant');
    const dims = SIZES[size ?? '400x300'];
    if (!dims) throw problem(400, 'validation.failed', `size must be one of ${Object.keys(SIZES).join(', ')}`);
    const k = scale === undefined ? 1 : Number(scale);
    if (!Number.isInteger(k) || k < 1 || k > 4) throw problem(400, 'validation.failed', 'scale must be 1, 2, 3 or 4');
    const { png, etag } = await this.queries.execute(new PreviewDisplayQuery(displayId, new Date(atMs), dims[0], dims[1], k));
    const adapter = this.adapterHost.httpAdapter;
    adapter.setHeader(res, 'X-Display-Etag', `"${etag}"`);
    adapter.setHeader(res, 'Cache-Control', 'no-store');
    return new StreamableFile(Buffer.from(png), { type: 'image/png', length: png.length });
  }
}

import { Body, Controller, Get, HttpCode, Param, Post, Query, Res, StreamableFile } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { HttpAdapterHost } from '@nestjs/core';
import { ApiHeader, ApiOperation, ApiParam, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { randomBytes } from 'node:crypto';
import { DISPLAY_ID_PATTERN, ListDisplaysQueryDto, RegisterDisplayDto, RetireDisplayDto } from '@megabot/contracts';
import { problem } from '../../core/problem';
import { ReadModelProgress } from '../../core/read-model-progress.service';
import { Actor, CorrelationId, IdempotencyKey } from '../../core/request-context';
import { RolesService } from '../../core/roles.service';
import { DisplayDirectory } from './display-directory.service';
import { DisplayPreviewService } from './display-preview.service';
import { ListDisplaysQuery } from './list-displays/list-displays.query';
import { RegisterDisplayCommand } from './register-display/register-display.command';
import { RetireDisplayCommand } from './retire-display/retire-display.command';
import { RotateDisplayTokenCommand } from './rotate-display-token/rotate-display-token.command';

const ACTOR = { name: 'X-Employee-Id', required: true, description: 'The acting employee (an admin)' };
const IDEMPOTENCY = { name: 'Idempotency-Key', required: false, description: 'Same key, one effect (a retry answers without the token)' };
const SIZES: Record<string, [number, number]> = { '400x300': [400, 300], '296x128': [296, 128] };

/** Admin side of the door displays: register, rotate the token, retire, list with telemetry, preview. */
@ApiTags('displays')
@Controller('displays')
export class DisplaysHttpController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly progress: ReadModelProgress,
    private readonly roles: RolesService,
    private readonly directory: DisplayDirectory,
    private readonly previews: DisplayPreviewService,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Register a door display for a room (admins). The answer carries the device token - shown this once, only its hash is kept' })
  @ApiHeader(ACTOR)
  @ApiHeader(IDEMPOTENCY)
  @ApiResponse({ status: 201, description: '`token` for the device, `schedulePath` to poll; `position` for waitFor' })
  @ApiResponse({ status: 403, description: 'Not an admin' })
  @ApiResponse({ status: 404, description: 'No such room' })
  @ApiResponse({ status: 409, description: 'The display id is taken, or the room is retired' })
  register(@Body() body: RegisterDisplayDto, @Actor() actorId: string, @IdempotencyKey() commandId: string, @CorrelationId() correlationId?: string) {
    // `schedule` would shadow the device endpoint in /displays/:id/... paths of routers that match in order.
    if (body.displayId === 'schedule') throw problem(422, 'displays.invalid_id', 'displayId "schedule" is reserved');
    const displayId = body.displayId ?? `d-${randomBytes(5).toString('hex')}`;
    return this.commands.execute(new RegisterDisplayCommand(displayId, body, { actorId, commandId, correlationId }));
  }

  @Post(':displayId/rotate-token')
  @HttpCode(201)
  @ApiOperation({ summary: 'Issue a new token for a display (admins); the old one gets 401 from now on. The new token is shown this once' })
  @ApiParam({ name: 'displayId' })
  @ApiHeader(ACTOR)
  @ApiHeader(IDEMPOTENCY)
  @ApiResponse({ status: 404, description: 'No such display' })
  @ApiResponse({ status: 409, description: 'The display is retired' })
  rotate(@Param('displayId') displayId: string, @Actor() actorId: string, @IdempotencyKey() commandId: string, @CorrelationId() correlationId?: string) {
    checkDisplayId(displayId);
    return this.commands.execute(new RotateDisplayTokenCommand(displayId, { actorId, commandId, correlationId }));
  }

  @Post(':displayId/retire')
  @HttpCode(201)
  @ApiOperation({ summary: 'Retire a display (admins): its token stops working' })
  @ApiParam({ name: 'displayId' })
  @ApiHeader(ACTOR)
  @ApiHeader(IDEMPOTENCY)
  @ApiResponse({ status: 404, description: 'No such display' })
  retire(
    @Param('displayId') displayId: string,
    @Body() body: RetireDisplayDto,
    @Actor() actorId: string,
    @IdempotencyKey() commandId: string,
    @CorrelationId() correlationId?: string,
  ) {
    checkDisplayId(displayId);
    return this.commands.execute(new RetireDisplayCommand(displayId, body.reason, { actorId, commandId, correlationId }));
  }

  @Get()
  @ApiOperation({ summary: 'Displays with their last telemetry and the `stale` / `lowBattery` flags (admins); `waitFor` waits for a position' })
  @ApiHeader(ACTOR)
  async list(@Query() query: ListDisplaysQueryDto, @Actor() actorId: string) {
    await this.roles.requireAdmin(actorId, 'list room displays');
    await this.progress.waitFor('displays', query.waitFor);
    // The device endpoint's memory too: after waitFor, a poll sees what the admin just did.
    if (query.waitFor) await this.directory.refresh();
    return this.queries.execute(new ListDisplaysQuery(query.roomId, query.includeRetired === 'true'));
  }

  @Get(':displayId/preview.png')
  @ApiOperation({ summary: 'What the panel shows now (or `at`), drawn with the firmware\'s layout rules (admins)' })
  @ApiParam({ name: 'displayId' })
  @ApiHeader(ACTOR)
  @ApiQuery({ name: 'at', required: false, description: 'ISO 8601 instant (default now)' })
  @ApiQuery({ name: 'size', required: false, description: '400x300 (default) or 296x128' })
  @ApiQuery({ name: 'scale', required: false, description: 'Pixel scale 1-4 (default 1)' })
  @ApiResponse({ status: 200, description: 'image/png; `X-Display-Etag` names the payload drawn' })
  async preview(
    @Param('displayId') displayId: string,
    @Actor() actorId: string,
    @Res({ passthrough: true }) res: unknown,
    @Query('at') at?: string,
    @Query('size') size?: string,
    @Query('scale') scale?: string,
  ) {
    checkDisplayId(displayId);
    await this.roles.requireAdmin(actorId, 'preview room displays');
    const atMs = at === undefined ? Date.now() : Date.parse(at);
    if (Number.isNaN(atMs) || (at !== undefined && !/^\d{4}-\d{2}-\d{2}T/.test(at))) throw problem(400, 'validation.failed', 'at must be an ISO 8601 instant');
    const dims = SIZES[size ?? '400x300'];
    if (!dims) throw problem(400, 'validation.failed', `size must be one of ${Object.keys(SIZES).join(', ')}`);
    const k = scale === undefined ? 1 : Number(scale);
    if (!Number.isInteger(k) || k < 1 || k > 4) throw problem(400, 'validation.failed', 'scale must be 1, 2, 3 or 4');
    const out = await this.previews.render(displayId, { at: new Date(atMs), width: dims[0], height: dims[1], scale: k });
    const adapter = this.adapterHost.httpAdapter;
    adapter.setHeader(res, 'X-Display-Etag', `"${out.payload.etag}"`);
    adapter.setHeader(res, 'Cache-Control', 'no-store');
    return new StreamableFile(Buffer.from(out.png), { type: 'image/png', length: out.png.length });
  }
}

function checkDisplayId(displayId: string) {
  if (!DISPLAY_ID_PATTERN.test(displayId)) throw problem(400, 'validation.failed', 'displayId must be 1-32 letters, digits, "_" or "-"');
}

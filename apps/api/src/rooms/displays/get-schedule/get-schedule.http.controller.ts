import { Controller, Get, Req, Res } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { ApiHeader, ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Caller, type RequestActor } from '../../../core/access/actor';
import { ForDisplay } from '../../../core/access/policy';
import { problem } from '../../../core/problem';
import { DisplayDirectory } from '../display-directory.service';
import { DisplayScheduleService } from '../display-schedule.service';
import { DisplayTelemetry } from '../display-telemetry.service';

/** The parts of a request both HTTP adapters give (express and fastify). */
interface DeviceRequest {
  ip?: string;
  headers: Record<string, string | string[] | undefined>;
  query: Record<string, unknown>;
}

const PROTOCOL_VERSION = '1';

function first(v: unknown): string | undefined {
  const s = Array.isArray(v) ? v[0] : v;
  return typeof s === 'string' ? s : undefined;
}

/** An integer query field within [min, max]; `0` (= unknown on the device) and garbage become null. */
function intField(v: unknown, min: number, max: number): number | null {
  const s = first(v);
  if (s === undefined || !/^-?\d{1,9}$/.test(s)) return null;
  const n = Number(s);
  return n === 0 || n < min || n > max ? null : n;
}

/** Firmware version: `fw=` reduced to [A-Za-z0-9._-] (PROTOCOL.md §1), else the User-Agent's `room-display/<version>`. */
export function firmwareOf(query: Record<string, unknown>, userAgent: string | undefined): string | null {
  const fw = first(query.fw) ?? /^room-display\/(\S+)/.exec(userAgent ?? '')?.[1];
  const clean = (fw ?? '').replace(/[^A-Za-z0-9._-]/g, '').slice(0, 32);
  return clean || null;
}

/**
 * `GET /displays/schedule` for the door displays, exactly as
 * firmware/PROTOCOL.md §1 says: bearer token, telemetry in the query,
 * If-None-Match -> 304 with X-Refresh-Sec, else the v1 payload as
 * text/plain. Served from memory (DisplayDirectory) - no database round
 * trip per poll; telemetry is coalesced and written once a second.
 */
@ApiTags('displays')
@Controller('displays')
export class GetScheduleController {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly directory: DisplayDirectory,
    private readonly schedule: DisplayScheduleService,
    private readonly telemetry: DisplayTelemetry,
  ) {}

  @Get('schedule')
  @ForDisplay()
  @ApiOperation({ summary: "The door display's schedule (firmware/PROTOCOL.md): text/plain key=value payload, ≤ 1024 bytes" })
  @ApiHeader({ name: 'Authorization', required: true, description: 'Bearer <display token> (issued on register / rotate)' })
  @ApiHeader({ name: 'If-None-Match', required: false, description: 'The quoted etag= of the schedule on the glass' })
  @ApiQuery({ name: 'proto', required: false, description: 'Protocol major version the device speaks (1)' })
  @ApiQuery({ name: 'fw', required: false, description: 'Firmware version' })
  @ApiQuery({ name: 'bat_mv', required: false, description: 'Battery voltage in mV (0 = unknown)' })
  @ApiQuery({ name: 'rssi', required: false, description: 'WiFi signal in dBm (0 = unknown)' })
  @ApiQuery({ name: 'fails', required: false, description: 'Consecutive failed wakes before this one' })
  @ApiResponse({ status: 200, description: 'The payload; ETag and X-Refresh-Sec headers' })
  @ApiResponse({ status: 304, description: 'Unchanged; sleep X-Refresh-Sec' })
  @ApiResponse({ status: 401, description: 'Missing, unknown, rotated or retired token' })
  @ApiResponse({ status: 429, description: 'Too many failed authentications from this address (Retry-After)' })
  async getSchedule(@Req() req: DeviceRequest, @Res() res: unknown, @Caller() caller: RequestActor): Promise<void> {
    // The AccessGuard authenticated the token (DisplayTokenAuthenticator); the display is in memory.
    const display = this.directory.displayById(caller.displayId!);
    if (!display) throw problem(401, 'displays.unknown_token', 'Unknown display token', 'The display was retired');
    const proto = first(req.query.proto);
    if (proto !== undefined && proto !== PROTOCOL_VERSION) {
      throw problem(501, 'displays.unsupported_protocol', `Protocol version ${proto} is not served; this server speaks ${PROTOCOL_VERSION}`, undefined, {
        retryAfter: 3600,
      });
    }
    const now = new Date();
    const answer = this.schedule.answer(display, now, first(req.headers['if-none-match']));
    if (!answer) throw problem(503, 'displays.room_unknown', `The room ${display.room_id} of this display is not known yet`, undefined, { retryAfter: 60 });
    this.telemetry.record({
      displayId: display.display_id,
      atMs: now.getTime(),
      firmware: firmwareOf(req.query, first(req.headers['user-agent'])),
      batteryMv: intField(req.query.bat_mv, 1, 10_000),
      rssi: intField(req.query.rssi, -150, -1),
      fails: first(req.query.fails) === '0' ? 0 : intField(req.query.fails, 1, 1_000_000_000),
      status: answer.response.status,
      etag: answer.etag,
      refreshSec: answer.refreshSec,
      ip: req.ip ?? null,
    });
    const adapter = this.adapterHost.httpAdapter;
    for (const [name, value] of Object.entries(answer.response.headers)) adapter.setHeader(res, name, value);
    adapter.reply(res, answer.response.status === 304 ? undefined : answer.response.body, answer.response.status);
  }
}

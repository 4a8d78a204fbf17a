import { ForAuditor } from '../../core/access/policy';
import { Controller, Get, Param, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Readable } from 'node:stream';
import {
  AuditAsOfQueryDto,
  AuditExportQueryDto,
  ID_PATTERN,
  type AuditEventView,
  type AuditLotStateView,
  type AuditLotsAtView,
  type AuditReplayView,
  type AuditVerifyAllView,
  type AuditVerifyView,
} from '@megabot/contracts';
import { problem } from '../../core/problem';
import { csvDocument, jsonArray } from './audit-export';
import { asOfFrom, AuctionAuditService } from './auction-audit.service';

/** Header-setting surface common to fastify's reply and express's response. */
interface HeaderTarget {
  header?(name: string, value: string): unknown;
  setHeader?(name: string, value: string): unknown;
}

/**
 * Auditors replay any lot's history from the event store, see lots as of a
 * moment, export history and check the hash chains. Auditors and admins only.
 */
@ApiTags('audit')
@ApiResponse({ status: 403, description: 'Not an auditor or admin' })
@ForAuditor()
@Controller('audit/auctions')
export class AuctionAuditController {
  constructor(private readonly audit: AuctionAuditService) {}

  @Get()
  @ApiOperation({ summary: 'Every lot as of a moment (`at`) or a log position (`position`); now when neither is given' })
  async lotsAt(@Query() query: AuditAsOfQueryDto): Promise<AuditLotsAtView> {
    return { asOf: { at: query.at ?? null, position: query.position ?? null }, lots: await this.audit.lotsAt(asOfFrom(query)) };
  }

  @Get('export')
  @ApiOperation({ summary: 'CSV or JSON of every auction event that occurred in [from, to), with the lot after each (streamed)' })
  async exportPeriod(@Query() query: AuditExportQueryDto, @Res({ passthrough: true }) res: HeaderTarget) {
    const from = query.from ? new Date(query.from) : undefined;
    const to = query.to ? new Date(query.to) : undefined;
    if (from && to && from >= to) throw problem(400, 'audit.empty_period', 'from must be before to');
    setHeader(res, 'X-Audit-Period', `${query.from ?? ''}/${query.to ?? ''}`);
    return this.stream(this.audit.eventsInPeriod({ from, to }), query.format ?? 'csv', `auctions-${stamp(query.from)}-${stamp(query.to)}`);
  }

  @Get('verify')
  @ApiOperation({ summary: 'Recompute the hash chain of every auction stream; lists broken and unverifiable ones' })
  async verifyAll(): Promise<AuditVerifyAllView> {
    return this.audit.verifyAll();
  }

  @Get(':lotId/events')
  @ApiParam({ name: 'lotId' })
  @ApiOperation({ summary: "A lot's events with envelope metadata and the lot after each, optionally up to `at` / `position`" })
  @ApiResponse({ status: 404, description: 'No such lot' })
  async replay(@Param('lotId') lotId: string, @Query() query: AuditAsOfQueryDto): Promise<AuditReplayView> {
    checkLotId(lotId);
    return { lotId, events: await this.audit.replay(lotId, asOfFrom(query)), asOf: { at: query.at ?? null, position: query.position ?? null } };
  }

  @Get(':lotId/state')
  @ApiParam({ name: 'lotId' })
  @ApiOperation({ summary: 'One lot as of `at` or `position` (now when neither is given)' })
  @ApiResponse({ status: 404, description: 'No such lot, or it did not exist yet at that point' })
  async state(@Param('lotId') lotId: string, @Query() query: AuditAsOfQueryDto): Promise<AuditLotStateView> {
    checkLotId(lotId);
    const state = await this.audit.lotAt(lotId, asOfFrom(query));
    if (!state) throw problem(404, 'audit.lot_not_yet_open', `Lot ${lotId} did not exist yet at that point`, undefined, { lotId });
    return state;
  }

  @Get(':lotId/export')
  @ApiParam({ name: 'lotId' })
  @ApiOperation({ summary: "A lot's history as CSV or JSON" })
  async exportLot(@Param('lotId') lotId: string, @Query() query: AuditExportQueryDto, @Res({ passthrough: true }) res: HeaderTarget) {
    checkLotId(lotId);
    if (query.from || query.to)
      throw problem(400, 'audit.period_not_applicable', 'from/to apply to the all-auctions export (/audit/auctions/export), not to one lot');
    const events = await this.audit.replay(lotId);
    setHeader(res, 'X-Audit-Events', String(events.length)); // lets a client show progress
    return this.stream(events, query.format ?? 'csv', `auction-${lotId}`);
  }

  @Get(':lotId/verify')
  @ApiParam({ name: 'lotId' })
  @ApiOperation({ summary: "Recompute a lot's hash chain and report the first broken link" })
  async verify(@Param('lotId') lotId: string): Promise<AuditVerifyView> {
    checkLotId(lotId);
    return this.audit.verify(lotId);
  }

  private stream(rows: AsyncIterable<AuditEventView> | Iterable<AuditEventView>, format: 'csv' | 'json', name: string): StreamableFile {
    const chunks = format === 'csv' ? csvDocument(rows) : jsonArray(rows);
    return new StreamableFile(Readable.from(chunks), {
      type: format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8',
      disposition: `attachment; filename="${name}.${format}"`,
    });
  }
}

function checkLotId(lotId: string) {
  if (!ID_PATTERN.test(lotId)) throw problem(400, 'auction.lot_id_invalid', 'lotId must be 1-64 letters, digits, "_" or "-"');
}

function setHeader(res: HeaderTarget, name: string, value: string) {
  if (typeof res.header === 'function') res.header(name, value);
  else res.setHeader?.(name, value);
}

const stamp = (iso?: string) => (iso ? iso.replace(/[^0-9TZ]/g, '') : 'all');

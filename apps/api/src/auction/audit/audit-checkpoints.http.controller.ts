import { Body, Controller, Get, Header, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { VerifyCheckpointDto, type AuditCheckpointVerifyView, type AuditCheckpointView } from '@megabot/contracts';
import { ForAuditor } from '../../core/access/policy';
import { AuditKeys } from '../../core/audit-keys';
import { problem } from '../../core/problem';
import { AuctionAuditService } from './auction-audit.service';

/**
 * Signed checkpoints of every auction stream's head: auditors take one (the
 * projector also takes one periodically), export it and keep it elsewhere;
 * later they send it back and learn whether any stream was cut short or
 * rewritten since - which a hash chain alone cannot tell when someone
 * recomputed it consistently.
 */
@ApiTags('audit')
@ForAuditor()
@Controller('audit/checkpoints')
export class AuditCheckpointsController {
  constructor(
    private readonly audit: AuctionAuditService,
    private readonly keys: AuditKeys,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Checkpoints taken, newest first' })
  list() {
    return this.audit.checkpoints();
  }

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Take a checkpoint now: the signed heads of every auction stream' })
  take(): Promise<AuditCheckpointView> {
    return this.audit.takeCheckpoint();
  }

  @Get('key')
  @Header('content-type', 'application/x-pem-file')
  @ApiOperation({ summary: 'The public key checkpoints are signed with (Ed25519, PEM): verify exported checkpoints with it, offline' })
  key(): string {
    return this.keys.signer.publicKeyPem;
  }

  @Post('verify')
  @HttpCode(200)
  @ApiOperation({ summary: 'Compare a kept checkpoint with the streams now: its signature, and every stream cut short, rewritten or gone' })
  @ApiResponse({ status: 400, description: 'Not a checkpoint' })
  verify(@Body() body: VerifyCheckpointDto): Promise<AuditCheckpointVerifyView> {
    return this.audit.verifyCheckpoint(asCheckpoint(body.checkpoint));
  }

  @Get(':checkpointId')
  @ApiOperation({ summary: 'One checkpoint (`latest`: the newest), signed, as auditors keep it' })
  get(@Param('checkpointId') checkpointId: string): Promise<AuditCheckpointView> {
    if (!/^[A-Za-z0-9_-]{1,80}$/.test(checkpointId)) throw problem(400, 'validation.failed', 'checkpointId must be 1-80 letters, digits, "_" or "-"');
    return this.audit.checkpoint(checkpointId);
  }
}

const text = (v: unknown, max = 200) => typeof v === 'string' && v.length <= max;

/** The shape of a checkpoint, checked field by field before anything is read from the store. */
function asCheckpoint(v: Record<string, unknown>): AuditCheckpointView {
  const heads = v.heads;
  const ok =
    text(v.checkpointId) &&
    text(v.takenAt) &&
    text(v.position) &&
    text(v.signingKeyId) &&
    text(v.signature, 200) &&
    Array.isArray(heads) &&
    heads.length <= 1_000_000 &&
    heads.every(
      (h: Record<string, unknown>) =>
        h &&
        text(h.streamId) &&
        typeof h.revision === 'string' &&
        /^\d{1,19}$/.test(h.revision) &&
        text(h.hash, 128) &&
        (h.keyId === null || text(h.keyId, 64)),
    );
  if (!ok) throw problem(400, 'audit.not_a_checkpoint', 'The body is not a checkpoint as exported by GET /audit/checkpoints/:id');
  return v as unknown as AuditCheckpointView;
}

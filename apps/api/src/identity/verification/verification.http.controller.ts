import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CancelVerificationDto, RequestVerificationCodeDto, StartVerificationDto, SubmitVerificationCodeDto } from '@megabot/contracts';
import { problem } from '../../core/problem';
import { CorrelationId, IdempotencyKey } from '../../core/request-context';
import { IdentityDirectory } from '../identity.directory';
import { VerificationService } from './verification.service';

const IDEMPOTENCY = { name: 'Idempotency-Key', required: false, description: 'Derived from the Telegram update: a redelivered update has one effect' };

export function parseTelegramUserId(value: string): number {
  if (!/^[1-9]\d{0,15}$/.test(value) || !Number.isSafeInteger(Number(value))) throw problem(400, 'validation.failed', 'telegramUserId must be a positive integer');
  return Number(value);
}

/**
 * What the bot calls for a Telegram account that is not bound yet. Every answer is the same whether or not the typed
 * e-mail belongs to an employee (VerificationStatusView; the errors are about the format, the domain, the limits).
 */
@ApiTags('identity')
@Controller('identity')
export class VerificationHttpController {
  constructor(
    private readonly verification: VerificationService,
    private readonly directory: IdentityDirectory,
  ) {}

  @Get('telegram/:telegramUserId')
  @ApiOperation({ summary: 'Who this Telegram account acts as (an active employee bound to it), from a cache invalidated by identity events; 404 for a stranger' })
  @ApiResponse({ status: 404, description: 'Not bound (a stranger): the bot offers only the verification' })
  async lookup(@Param('telegramUserId') telegramUserId: string) {
    const id = parseTelegramUserId(telegramUserId);
    const view = await this.directory.byTelegram(id);
    if (!view) throw problem(404, 'identity.telegram_not_bound', 'This Telegram account is not bound to an employee');
    return view;
  }

  @Get('telegram-bindings')
  @ApiOperation({ summary: 'Every active employee with a bound Telegram account (the bot delivers notifications to them)' })
  async bindings() {
    return { items: await this.directory.activeBindings() };
  }

  @Get('verification/:telegramUserId')
  @ApiOperation({ summary: 'Where the verification of this Telegram account stands (VerificationStatusView)' })
  status(@Param('telegramUserId') telegramUserId: string) {
    return this.verification.status(parseTelegramUserId(telegramUserId));
  }

  @Post('verification/start')
  @HttpCode(200)
  @ApiOperation({ summary: 'The bot asks the account for its corporate e-mail' })
  @ApiHeader(IDEMPOTENCY)
  @ApiResponse({ status: 409, description: 'Locked after too many wrong codes (`lockedUntil`)' })
  start(@Body() body: StartVerificationDto, @IdempotencyKey() commandId: string, @CorrelationId() correlationId?: string) {
    return this.verification.start(body.telegramUserId, { commandId, correlationId });
  }

  @Post('verification/code')
  @HttpCode(200)
  @ApiOperation({ summary: 'The user typed their e-mail (or asks for a new code): "if this address is registered, a code was sent" - the same answer either way' })
  @ApiHeader(IDEMPOTENCY)
  @ApiResponse({ status: 409, description: 'Locked, or too many codes this hour (`retryAt`)' })
  @ApiResponse({ status: 422, description: 'Not an e-mail address, or not a corporate domain' })
  requestCode(@Body() body: RequestVerificationCodeDto, @IdempotencyKey() commandId: string, @CorrelationId() correlationId?: string) {
    return this.verification.requestCode(body.telegramUserId, body.email, { commandId, correlationId });
  }

  @Post('verification/submit')
  @HttpCode(200)
  @ApiOperation({ summary: 'The user typed the code: verified (the account is bound, the lookup finds it), rejected (attempts left) or locked' })
  @ApiHeader(IDEMPOTENCY)
  @ApiResponse({ status: 409, description: 'No code pending, the code expired, or locked' })
  @ApiResponse({ status: 422, description: 'Not a code of the right length' })
  submit(@Body() body: SubmitVerificationCodeDto, @IdempotencyKey() commandId: string, @CorrelationId() correlationId?: string) {
    return this.verification.submitCode(body.telegramUserId, body.code, { commandId, correlationId });
  }

  @Post('verification/cancel')
  @HttpCode(200)
  @ApiOperation({ summary: 'The user gives up; the pending code is void (counters and a lock stay)' })
  @ApiHeader(IDEMPOTENCY)
  cancel(@Body() body: CancelVerificationDto, @IdempotencyKey() commandId: string, @CorrelationId() correlationId?: string) {
    return this.verification.cancel(body.telegramUserId, { commandId, correlationId });
  }
}

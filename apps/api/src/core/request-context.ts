import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { fingerprint, type CommandContext } from '@megabot/event-store';
import { actorOfRequest } from './access/actor';
import { problem } from './problem';

const ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

function header(ctx: ExecutionContext, name: string): string | undefined {
  const value = ctx.switchToHttp().getRequest().headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * Everything a command carries besides its content: the command id from
 * `Idempotency-Key` (a retried request with the same key has one effect; a
 * fresh id when absent), `X-Correlation-Id` to tie a user's action across
 * services, the acting employee (authenticated), and the request's
 * fingerprint (method, path and body), so a key reused for another request
 * is refused.
 */
export const CommandCtx = createParamDecorator((_: unknown, ctx: ExecutionContext): CommandContext => {
  const request = ctx.switchToHttp().getRequest();
  const key = header(ctx, 'idempotency-key');
  if (key !== undefined && !ID.test(key)) throw problem(400, 'idempotency.key_invalid', 'Idempotency-Key must be 1-64 letters, digits, "_" or "-"');
  const correlationId = header(ctx, 'x-correlation-id');
  // Who acts is what the AccessGuard proved, and a caller's keys are theirs alone (another's same key is another
  // command): scoped by the Telegram account the bot acts for - the same before and after it is bound, so a retried
  // code submission is the same command -, else by the employee of a session or token.
  const actor = actorOfRequest(request);
  const actorId = actor?.employeeId;
  const scope = actor?.telegramUserId !== undefined ? `tg${actor.telegramUserId}` : actorId;
  return {
    commandId: key === undefined ? randomUUID() : scope ? `${scope}/${key}` : key,
    correlationId: correlationId && ID.test(correlationId) ? correlationId : undefined,
    actorId,
    commandHash: fingerprint([request.method, (request.originalUrl ?? request.url) as string, request.body ?? null]),
  };
});

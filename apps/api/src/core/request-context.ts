import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { fingerprint, type CommandContext } from '@megabot/event-store';
import { problem } from './problem';

const ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

function header(ctx: ExecutionContext, name: string): string | undefined {
  const value = ctx.switchToHttp().getRequest().headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * The acting employee, from `X-Employee-Id`. The bot and the admin back end
 * set it for the user they act for (service authentication arrives with the
 * identity feature).
 */
export const Actor = createParamDecorator((_: unknown, ctx: ExecutionContext): string => {
  const actor = header(ctx, 'x-employee-id');
  if (!actor) throw problem(401, 'auth.actor_missing', 'The X-Employee-Id header (the acting employee) is required');
  if (!ID.test(actor)) throw problem(400, 'auth.actor_invalid', 'X-Employee-Id must be 1-64 letters, digits, "_" or "-"');
  return actor;
});

/** The viewing employee for queries (`X-Employee-Id`, optional): their own maxima, reserve for sellers/admins. */
export const Viewer = createParamDecorator((_: unknown, ctx: ExecutionContext): string | undefined => {
  const viewer = header(ctx, 'x-employee-id');
  if (viewer === undefined || viewer === '') return undefined;
  if (!ID.test(viewer)) throw problem(400, 'auth.actor_invalid', 'X-Employee-Id must be 1-64 letters, digits, "_" or "-"');
  return viewer;
});

/**
 * Everything a command carries besides its content: the command id from
 * `Idempotency-Key` (a retried request with the same key has one effect; a
 * fresh id when absent), `X-Correlation-Id` to tie a user's action across
 * services, the acting employee, and the request's fingerprint (method, path
 * and body), so a key reused for another request is refused.
 */
export const CommandCtx = createParamDecorator((_: unknown, ctx: ExecutionContext): CommandContext => {
  const request = ctx.switchToHttp().getRequest();
  const key = header(ctx, 'idempotency-key');
  if (key !== undefined && !ID.test(key)) throw problem(400, 'idempotency.key_invalid', 'Idempotency-Key must be 1-64 letters, digits, "_" or "-"');
  const correlationId = header(ctx, 'x-correlation-id');
  const actorId = header(ctx, 'x-employee-id');
  return {
    commandId: key ?? randomUUID(),
    correlationId: correlationId && ID.test(correlationId) ? correlationId : undefined,
    actorId: actorId && ID.test(actorId) ? actorId : undefined,
    commandHash: fingerprint([request.method, (request.originalUrl ?? request.url) as string, request.body ?? null]),
  };
});

/** `Idempotency-Key` alone (routes not yet on CommandCtx). */
export const IdempotencyKey = createParamDecorator((_: unknown, ctx: ExecutionContext): string => {
  const key = header(ctx, 'idempotency-key');
  if (key === undefined) return randomUUID();
  if (!ID.test(key)) throw problem(400, 'idempotency.key_invalid', 'Idempotency-Key must be 1-64 letters, digits, "_" or "-"');
  return key;
});

/** `X-Correlation-Id` alone (routes not yet on CommandCtx). */
export const CorrelationId = createParamDecorator((_: unknown, ctx: ExecutionContext): string | undefined => {
  const id = header(ctx, 'x-correlation-id');
  return id && ID.test(id) ? id : undefined;
});

import { ArgumentsHost, Catch, HttpException, Logger, type ExceptionFilter } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { PROBLEM_CONTENT_TYPE, type ProblemDetails } from '@megabot/contracts';
import { DomainError } from '@megabot/domain';
import { AppendTooLargeError, EventDataRefusedError, EventStoreUnavailableError, WrongExpectedRevisionError } from '@megabot/event-store';
import { isDatabaseUnavailable } from '@megabot/platform';
import { ProblemException, problemType } from './problem';

const STATUS_BY_KIND = { conflict: 409, unprocessable: 422, not_found: 404 } as const;

/** Every error leaves the API as application/problem+json with a specific message. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('API');
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const request = ctx.getRequest();
    const body = problemOf(exception, this.logger);
    body.instance ??= (request.originalUrl ?? request.url) as string;
    const adapter = this.adapterHost.httpAdapter;
    const response = ctx.getResponse();
    adapter.setHeader(response, 'content-type', PROBLEM_CONTENT_TYPE);
    if (typeof body.retryAfter === 'number') adapter.setHeader(response, 'retry-after', String(body.retryAfter));
    else if (body.status === 503) adapter.setHeader(response, 'retry-after', '1');
    adapter.reply(response, body, body.status);
  }
}

/** An error as the problem details the API answers with (also for errors met while a response is already streaming). */
export function problemOf(e: unknown, logger: Pick<Logger, 'error'>): ProblemDetails {
  if (e instanceof ProblemException) return { ...e.problem };
  if (e instanceof DomainError) {
    return { ...extensions(e.details), type: problemType(e.code), title: e.message, status: STATUS_BY_KIND[e.kind], code: e.code };
  }
  if (e instanceof WrongExpectedRevisionError) {
    return {
      type: problemType('concurrency.conflict'),
      title: 'The record changed while the command was processed; retry it',
      status: 409,
      code: 'concurrency.conflict',
    };
  }
  if (e instanceof AppendTooLargeError) {
    return {
      type: problemType('command.too_large'),
      title: 'The command would write more than the event store accepts at once; send less',
      status: 413,
      code: 'command.too_large',
    };
  }
  if (e instanceof EventDataRefusedError) {
    // The edge refuses text the database cannot store; this is the store's own word on what got past it.
    return {
      type: problemType('command.data_refused'),
      title: 'The event store refused the data of this command (text it cannot store); change the input',
      status: 422,
      code: 'command.data_refused',
    };
  }
  if (e instanceof EventStoreUnavailableError) {
    return { type: problemType('service.unavailable'), title: 'The event store is unavailable; retry shortly', status: 503, code: 'service.unavailable' };
  }
  // The database away (a restart, a failover) fails guards, queries and idempotency look-ups alike: the same request
  // may pass in a moment, and a command retried with its idempotency key has its effect once. Retry-After: 1 (catch).
  if (isDatabaseUnavailable(e)) {
    return { type: problemType('service.unavailable'), title: 'The database is unavailable; retry shortly', status: 503, code: 'service.unavailable' };
  }
  if (e instanceof HttpException) {
    const status = e.getStatus();
    const r = e.getResponse();
    const message = typeof r === 'string' ? r : ((r as { message?: unknown }).message ?? e.message);
    const title = Array.isArray(message) ? message.join('; ') : String(message);
    const code = status === 404 ? 'http.not_found' : status === 413 ? 'http.payload_too_large' : status === 400 ? 'http.bad_request' : `http.${status}`;
    return { type: problemType(code), title, status, code };
  }
  if (isBodyParseError(e)) {
    return { type: problemType('http.malformed_body'), title: 'The request body is not valid JSON', status: 400, code: 'http.malformed_body' };
  }
  logger.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
  return { type: problemType('internal'), title: 'Internal error', status: 500, code: 'internal' };
}

const RESERVED = new Set(['type', 'title', 'status', 'detail', 'instance', 'code', 'errors']);

/** Domain error details as problem extensions; a detail named like a standard member (e.g. a lot's `status`) becomes `currentStatus`. */
function extensions(details: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(details)) out[RESERVED.has(k) ? `current${k[0].toUpperCase()}${k.slice(1)}` : k] = v;
  return out;
}

function isBodyParseError(e: unknown): boolean {
  const err = e as { type?: string; code?: string; statusCode?: number };
  return (
    err?.type === 'entity.parse.failed' || err?.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || (err?.statusCode === 400 && err?.code?.startsWith('FST_') === true)
  );
}

import { HttpException, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { DomainError } from '@megabot/domain';
import { contextOf, failed, tracer } from '@megabot/platform';
import { context, SpanKind, trace } from '@opentelemetry/api';
import { Observable } from 'rxjs';

interface TracedRequest {
  method: string;
  headers: Record<string, string | string[] | undefined>;
  /** fastify: the matched route's template. */
  routeOptions?: { url?: string };
  /** express: the matched route. */
  route?: { path?: string };
}

/**
 * A server span per request, named by the route template (`POST /auctions/:lotId/bids`), continuing the caller's
 * `traceparent` when it sends one; the handler runs inside it, so the command's span and the events' traceparent
 * hang under it. A no-op (the handler untouched) while tracing is off.
 */
export class TracingInterceptor implements NestInterceptor {
  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (ctx.getType() !== 'http') return next.handle();
    const req = ctx.switchToHttp().getRequest<TracedRequest>();
    const route = req.routeOptions?.url ?? req.route?.path ?? 'unmatched';
    const header = req.headers.traceparent;
    const parent = header ? contextOf(Array.isArray(header) ? header[0] : header) : context.active();
    const attributes = { 'http.request.method': req.method, 'http.route': route };
    const span = tracer().startSpan(`${req.method} ${route}`, { kind: SpanKind.SERVER, attributes }, parent);
    if (!span.isRecording()) return next.handle();
    const active = trace.setSpan(parent, span);
    return new Observable((subscriber) =>
      context.with(active, () =>
        next.handle().subscribe({
          next: (v) => subscriber.next(v),
          error: (e: unknown) => {
            // A refused request is the client's: recorded, but only a server fault marks the span failed.
            if (e instanceof DomainError) span.setAttribute('megabot.refusal', e.code);
            else if (e instanceof HttpException && e.getStatus() < 500) span.setAttribute('http.response.status_code', e.getStatus());
            else failed(span, e);
            span.end();
            subscriber.error(e);
          },
          complete: () => {
            span.setAttribute('http.response.status_code', ctx.switchToHttp().getResponse<{ statusCode: number }>().statusCode);
            span.end();
            subscriber.complete();
          },
        }),
      ),
    );
  }
}

import { context, ROOT_CONTEXT, SpanStatusCode, trace, TraceFlags, type Context, type Span, type SpanOptions } from '@opentelemetry/api';

/**
 * OpenTelemetry traces that follow one command from the HTTP request through the append to each projection.
 * Until a process calls `startTracing` (tracing-export.ts, with OTEL_EXPORTER_OTLP_ENDPOINT) every span below is a
 * no-op and nothing is added to the events. The context crosses the event log as a W3C `traceparent` in the event's
 * metadata, so the projector's spans join the request's trace.
 */
export const tracer = () => trace.getTracer('megabot');

/** The W3C traceparent of a span (the active one by default), when it is being recorded (nothing to carry otherwise). */
export function traceparentOf(span: Span | undefined = trace.getSpan(context.active())): string | undefined {
  if (!span?.isRecording()) return undefined;
  const { traceId, spanId, traceFlags } = span.spanContext();
  return `00-${traceId}-${spanId}-${(traceFlags & TraceFlags.SAMPLED).toString(16).padStart(2, '0')}`;
}

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

/** The context a carried traceparent continues (the root when there is none or it is malformed: it is only a hint). */
export function contextOf(traceparent: unknown): Context {
  const m = typeof traceparent === 'string' ? TRACEPARENT.exec(traceparent) : null;
  if (!m || /^0+$/.test(m[1]) || /^0+$/.test(m[2])) return ROOT_CONTEXT;
  return trace.setSpanContext(ROOT_CONTEXT, { traceId: m[1], spanId: m[2], traceFlags: parseInt(m[3], 16), isRemote: true });
}

/** Runs `fn` in a new active span under `parent`; a throw is recorded on the span and rethrown. */
export async function inSpan<T>(name: string, options: SpanOptions, parent: Context, fn: (span: Span) => Promise<T>): Promise<T> {
  return tracer().startActiveSpan(name, options, parent, async (span) => {
    try {
      return await fn(span);
    } catch (e) {
      failed(span, e);
      throw e;
    } finally {
      span.end();
    }
  });
}

/** Marks a span failed with the error's message. */
export function failed(span: Span, e: unknown): void {
  span.recordException(e instanceof Error ? e : String(e));
  span.setStatus({ code: SpanStatusCode.ERROR, message: e instanceof Error ? e.message : String(e) });
}

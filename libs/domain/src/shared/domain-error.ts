/**
 * A rule violation. `kind` tells the edge how to answer (409 conflict with the
 * current state, 422 a request that can never succeed as written, 404 no such
 * thing); `code` is stable for clients and message catalogs.
 */
export type DomainErrorKind = 'conflict' | 'unprocessable' | 'not_found';

export class DomainError extends Error {
  constructor(
    readonly code: string,
    readonly kind: DomainErrorKind,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    // An expected outcome, not a bug: skip the stack trace (costly on hot lots where most bids lose).
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(message);
    Error.stackTraceLimit = limit;
    this.name = 'DomainError';
  }
}

/** Socket errors of a connection that could not be made or was cut. */
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * The database is away, starting up, shutting down or out of resources: the fault says nothing about the request,
 * and the same request may pass a moment later (the API answers 503 with Retry-After, the projector retries). Knows
 * node-postgres errors and TypeORM's QueryFailedError around them (`driverError`): socket codes, the SQLSTATE
 * classes 08 (connection exception) and 53 (insufficient resources), 57P01-57P03 (administrator or crash shutdown,
 * cannot connect now), node-postgres's own messages for a connection lost mid-query, which carry no code, and
 * TypeORM's QueryRunnerAlreadyReleasedError: TypeORM releases a query runner whose connection died, so the next
 * statement of a transaction that lost its connection fails with it.
 */
export function isDatabaseUnavailable(e: unknown): boolean {
  const err = e as { code?: unknown; driverError?: { code?: unknown }; message?: unknown; name?: unknown } | undefined;
  if (err?.name === 'QueryRunnerAlreadyReleasedError') return true;
  const code = err?.code ?? err?.driverError?.code;
  if (typeof code === 'string') {
    return SOCKET_CODES.has(code) || code.startsWith('08') || code.startsWith('53') || code === '57P01' || code === '57P02' || code === '57P03';
  }
  return /Connection terminated|connection error and is not queryable|timeout exceeded when trying to connect|Client has encountered a connection error/i.test(
    typeof err?.message === 'string' ? err.message : '',
  );
}

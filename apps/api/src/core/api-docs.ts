import { applyDecorators, HttpCode } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiResponse } from '@nestjs/swagger';

const IDEMPOTENCY = {
  name: 'Idempotency-Key',
  required: false,
  description: 'Same key, one effect (retries, redelivered updates); reused for another request: 422',
};

/** A command route: 201 (a change to a thing: 200) with where it wrote (`position` for `waitFor`), the idempotency key, and its refusals. */
export function CommandRoute(summary: string, responses: Record<number, string> = {}, status: 200 | 201 = 201) {
  return applyDecorators(HttpCode(status), ApiOperation({ summary }), ApiHeader(IDEMPOTENCY), ...documented(responses));
}

/** A query route (who may call it, and what they see, follows from the authenticated caller). */
export function QueryRoute(summary: string, responses: Record<number, string> = {}) {
  return applyDecorators(ApiOperation({ summary }), ...documented(responses));
}

const documented = (responses: Record<number, string>) =>
  Object.entries({ 401: 'No valid credential', 403: 'The credential does not admit this route', ...responses }).map(([code, description]) =>
    ApiResponse({ status: Number(code), description }),
  );

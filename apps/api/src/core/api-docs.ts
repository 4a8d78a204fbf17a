import { applyDecorators, HttpCode } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiResponse } from '@nestjs/swagger';

const ACTOR = { name: 'X-Employee-Id', required: true, description: 'The acting employee' };
const VIEWER = { name: 'X-Employee-Id', required: false, description: 'The viewing employee (what they may see of private fields)' };
const IDEMPOTENCY = {
  name: 'Idempotency-Key',
  required: false,
  description: 'Same key, one effect (retries, redelivered updates); reused for another request: 422',
};

/** A command route: 201 (a change to a thing: 200) with where it wrote (`position` for `waitFor`), the acting employee, the idempotency key, and its refusals. */
export function CommandRoute(summary: string, responses: Record<number, string> = {}, status: 200 | 201 = 201) {
  return applyDecorators(HttpCode(status), ApiOperation({ summary }), ApiHeader(ACTOR), ApiHeader(IDEMPOTENCY), ...documented(responses));
}

/** A query route for an optional viewer. */
export function QueryRoute(summary: string, responses: Record<number, string> = {}) {
  return applyDecorators(ApiOperation({ summary }), ApiHeader(VIEWER), ...documented(responses));
}

/** A query route for the acting employee (their own data, or one that needs their roles). */
export function ActorQueryRoute(summary: string, responses: Record<number, string> = {}) {
  return applyDecorators(ApiOperation({ summary }), ApiHeader(ACTOR), ...documented(responses));
}

const documented = (responses: Record<number, string>) =>
  Object.entries(responses).map(([code, description]) => ApiResponse({ status: Number(code), description }));

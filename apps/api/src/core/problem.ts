import { HttpException } from '@nestjs/common';
import type { ProblemDetails } from '@megabot/contracts';

/** An HTTP error that already knows its problem-details body. */
export class ProblemException extends HttpException {
  constructor(readonly problem: ProblemDetails) {
    super(problem, problem.status);
  }
}

export const problemType = (code: string) => `urn:megabot:problem:${code}`;

export function problem(status: number, code: string, title: string, detail?: string, extra: Record<string, unknown> = {}): ProblemException {
  return new ProblemException({ type: problemType(code), title, status, detail, code, ...extra });
}

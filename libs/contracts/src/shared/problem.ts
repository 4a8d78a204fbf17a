/** RFC 9457 problem details, the body of every API error. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  /** Stable machine-readable code, e.g. "auction.bid_too_low". */
  code?: string;
  /** Field-level validation errors. */
  errors?: { field: string; messages: string[] }[];
  [extension: string]: unknown;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

import type { ChildProcess } from 'node:child_process';
import type { PostgresEventStore } from '@megabot/event-store';
import type { BenchActors } from '../lib/actors';

/** What the suite hands a probe: the system it started (one API, one projector on the embedded PostgreSQL). */
export interface ProbeContext {
  /** The build's root (dist/): where the processes' entry points are. */
  dist: string;
  apiUrl: string;
  store: PostgresEventStore;
  actors: BenchActors;
  /** The environment the API and the projector run with (DATABASE_URL, tokens): for more processes of them. */
  env: NodeJS.ProcessEnv;
  /** Processes the suite stops at the end; a probe adds the ones it starts. */
  children: ChildProcess[];
}

/**
 * A probe's figures in the report: what it sent and got acknowledged, what was lost or came twice, 5xx answers,
 * requests with no answer, a crashed process; the suite adds them up in `totals` and fails on any of the last five.
 */
export interface ProbeFigures {
  sent?: number;
  acknowledged?: number;
  lost?: number;
  duplicated?: number;
  serverErrors?: number;
  noAnswer?: number;
  crashed?: boolean;
  seconds?: number;
  [detail: string]: unknown;
}

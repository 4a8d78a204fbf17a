import { comparePositions, type GlobalPosition } from '@megabot/contracts';
import type { DataSource } from 'typeorm';

const ZERO: GlobalPosition = { commit: 0n, prepare: 0n };

/** What an in-memory copy of a projection's tables does with the follower's range. */
export interface FollowedCopy {
  /** The checkpoint went back (a rebuild in place): drop everything, the next load starts from the beginning. */
  reset(): void;
  /** Loads the rows changed in the range: `where` filters a table's (pos_commit, pos_prepare) by `params` $1..$4. */
  load(where: string, params: string[]): Promise<void>;
}

/**
 * Keeps an in-memory copy of a projection's rows up to its checkpoint. Each row carries the position of the event
 * that last changed it; a refresh reads the checkpoint first, then only the rows changed since the last refresh up
 * to it (rows and checkpoint commit together, so nothing in between is missed). Concurrent callers share a run; a
 * call during a run gets one more run after it (it may have been told of a commit the running one did not see).
 */
export class CheckpointFollower {
  private seen: GlobalPosition = ZERO;
  private running: Promise<void> | null = null;
  private again = false;
  private closed = false;

  constructor(
    private readonly ds: DataSource,
    private readonly checkpoint: { schema: string; projection: string },
    private readonly copy: FollowedCopy,
  ) {}

  refresh(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          await this.catchUp();
        } while (this.again && !this.closed);
      } finally {
        this.running = null;
      }
    })();
    return this.running;
  }

  /** No more runs after the one in progress, which is awaited. */
  async close(): Promise<void> {
    this.closed = true;
    await this.running?.catch(() => undefined);
  }

  private async catchUp(): Promise<void> {
    const [cp] = await this.ds.query(
      `SELECT commit_position::text AS c, prepare_position::text AS p FROM ${this.checkpoint.schema}.checkpoint WHERE projection = $1`,
      [this.checkpoint.projection],
    );
    if (!cp) return;
    const target: GlobalPosition = { commit: BigInt(cp.c), prepare: BigInt(cp.p) };
    const order = comparePositions(target, this.seen);
    if (order === 0) return;
    if (order < 0) {
      this.copy.reset();
      this.seen = ZERO;
    }
    await this.copy.load(`(pos_commit, pos_prepare) > ($1::bigint, $2::bigint) AND (pos_commit, pos_prepare) <= ($3::bigint, $4::bigint)`, [
      this.seen.commit.toString(),
      this.seen.prepare.toString(),
      target.commit.toString(),
      target.prepare.toString(),
    ]);
    this.seen = target;
  }
}

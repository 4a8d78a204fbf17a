import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { DirectorySearchIndex } from '@megabot/domain';
import { DIRECTORY_PROJECTION, DIRECTORY_SCHEMA, type DirectoryEmployeeRow } from '@megabot/read-model';
import { DataSource } from 'typeorm';
import { CheckpointFollower } from '../core/checkpoint-follower';
import { ReadModelProgress } from '../core/read-model-progress.service';

const SELECT = `SELECT employee_id, full_name, email, department, position, office, manager_id, projects, status,
  telegram_user_id::text, photo, privacy, revision::text, pos_commit::text, pos_prepare::text FROM ${DIRECTORY_SCHEMA}.employees`;

/**
 * The directory read model in memory: every employee's row, the search
 * index of the active ones and who reports to whom, so a search or a card
 * costs no database round trip (bench:directory measures it).
 *
 * Kept current like the door displays' cache: each row carries the position
 * of the event that last changed it; a refresh reads the projection's
 * checkpoint first, then only the rows changed since the last refresh up to
 * it (rows and checkpoint commit together, so nothing in between is
 * missed). Refreshes run when the projector announces a commit of the
 * `directory` projection (ReadModelProgress.follow: its NOTIFY, or a poll of
 * the checkpoint every second when a notice is lost), and before a query
 * that asks for read-your-writes.
 */
@Injectable()
export class DirectoryIndex implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('Directory');
  private readonly rows = new Map<string, DirectoryEmployeeRow>();
  private readonly reports = new Map<string, Set<string>>();
  private search = new DirectorySearchIndex();
  private unfollow?: () => void;
  private readonly follower: CheckpointFollower;

  constructor(
    ds: DataSource,
    private readonly progress: ReadModelProgress,
  ) {
    this.follower = new CheckpointFollower(
      ds,
      { schema: DIRECTORY_SCHEMA, projection: DIRECTORY_PROJECTION },
      {
        reset: () => {
          this.rows.clear();
          this.reports.clear();
          this.search = new DirectorySearchIndex();
        },
        load: async (where, params) => {
          const changed: DirectoryEmployeeRow[] = await ds.query(`${SELECT} WHERE ${where}`, params);
          for (const row of changed) this.put(row);
        },
      },
    );
  }

  async onModuleInit() {
    await this.refresh().catch((e) => this.logger.warn(`directory index: ${(e as Error).message}`));
    this.unfollow = this.progress.follow(DIRECTORY_PROJECTION, () => void this.refresh().catch(() => undefined));
  }

  async onModuleDestroy() {
    this.unfollow?.();
    await this.follower.close();
  }

  /** Read-your-writes: waits for the projection to reach `position` (503 after the timeout), then for this copy. */
  async reach(position: string | undefined): Promise<void> {
    if (!position) return;
    await this.progress.waitFor(DIRECTORY_PROJECTION, position);
    await this.refresh();
  }

  get index(): DirectorySearchIndex {
    return this.search;
  }

  /** An active employee's row. */
  active(employeeId: string): DirectoryEmployeeRow | undefined {
    const row = this.rows.get(employeeId);
    return row?.status === 'active' ? row : undefined;
  }

  /** Active direct reports, by name. */
  reportsOf(employeeId: string): DirectoryEmployeeRow[] {
    return [...(this.reports.get(employeeId) ?? [])]
      .map((id) => this.active(id))
      .filter((r): r is DirectoryEmployeeRow => r !== undefined)
      .sort((a, b) => a.full_name.localeCompare(b.full_name));
  }

  /** Managers from the line manager up (a cycle, which identity refuses, would stop at the first repeat). */
  chainOf(employeeId: string): DirectoryEmployeeRow[] {
    const chain: DirectoryEmployeeRow[] = [];
    const seen = new Set([employeeId]);
    for (let m = this.rows.get(employeeId)?.manager_id ?? null; m && !seen.has(m);) {
      seen.add(m);
      const row = this.rows.get(m);
      if (!row) break;
      if (row.status === 'active') chain.push(row);
      m = row.manager_id;
    }
    return chain;
  }

  /** Brings this copy up to the projection's checkpoint (CheckpointFollower: concurrent callers share a run). */
  refresh(): Promise<void> {
    return this.follower.refresh();
  }

  private put(row: DirectoryEmployeeRow) {
    const old = this.rows.get(row.employee_id);
    if (old?.manager_id) this.reports.get(old.manager_id)?.delete(row.employee_id);
    this.rows.set(row.employee_id, row);
    if (row.manager_id) {
      let set = this.reports.get(row.manager_id);
      if (!set) this.reports.set(row.manager_id, (set = new Set()));
      set.add(row.employee_id);
    }
    if (row.status === 'active')
      this.search.upsert({
        employeeId: row.employee_id,
        fullName: row.full_name,
        department: row.department,
        position: row.position,
        office: row.office,
        projects: row.projects,
      });
    else this.search.remove(row.employee_id);
  }
}

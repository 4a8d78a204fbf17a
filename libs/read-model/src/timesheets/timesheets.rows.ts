import type { LeaveKind } from '@megabot/contracts';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/*
 * The time-logging read model (schema `timesheets`, rebuilt by
 * `projections:rebuild -- timesheets`) and the reminders outbox (schema
 * `timesheets_outbox`, which a rebuild keeps). Every projected row carries
 * the revision of its stream that it reflects.
 */

/** One entry of a timesheet stream; a deleted entry stays as `deleted` (so a replay cannot bring it back). */
@Entity({ schema: 'timesheets', name: 'entries' })
@Index('entries_employee_date', ['employee_id', 'date'])
@Index('entries_project_date', ['project', 'date'])
export class TimeEntryRow {
  @PrimaryColumn({ type: 'text' }) employee_id: string;
  @PrimaryColumn({ type: 'text' }) entry_id: string;
  /** `YYYY-MM`. */
  @Column({ type: 'text' }) period: string;
  /** `YYYY-MM-DD`. */
  @Column({ type: 'text' }) date: string;
  @Column({ type: 'text' }) project: string;
  @Column({ type: 'text', nullable: true }) task: string | null;
  @Column({ type: 'integer' }) minutes: number;
  @Column({ type: 'text' }) comment: string;
  @Column({ type: 'boolean' }) deleted: boolean;
  @Column({ type: 'text' }) logged_by: string;
  @Column({ type: 'timestamptz' }) logged_at: Date;
  @Column({ type: 'timestamptz' }) updated_at: Date;
  /** Revision of the timesheet stream (employee-month). */
  @Column({ type: 'bigint' }) stream_revision: string;
}

@Entity({ schema: 'timesheets', name: 'projects' })
export class ProjectRow {
  @PrimaryColumn({ type: 'text' }) code: string;
  @Column({ type: 'text' }) name: string;
  @Column({ type: 'text' }) status: 'open' | 'closed';
  @Column({ type: 'timestamptz' }) updated_at: Date;
  @Column({ type: 'bigint' }) revision: string;
}

/** A month admins closed (or reopened, with the last reason); months never closed have no row. */
@Entity({ schema: 'timesheets', name: 'periods' })
export class PeriodRow {
  @PrimaryColumn({ type: 'text' }) period: string;
  @Column({ type: 'text' }) status: 'open' | 'closed';
  @Column({ type: 'text', nullable: true }) closed_by: string | null;
  @Column({ type: 'timestamptz', nullable: true }) closed_at: Date | null;
  @Column({ type: 'integer' }) reopened: number;
  @Column({ type: 'text', nullable: true }) last_reason: string | null;
  @Column({ type: 'timestamptz' }) updated_at: Date;
  @Column({ type: 'bigint' }) revision: string;
}

/** A leave period (dates included); a cancelled one stays, flagged, so a replay cannot bring it back. */
@Entity({ schema: 'timesheets', name: 'leaves' })
export class LeaveRow {
  @PrimaryColumn({ type: 'text' }) employee_id: string;
  @PrimaryColumn({ type: 'text' }) leave_id: string;
  /** `YYYY-MM-DD`. */
  @Column({ type: 'text' }) from: string;
  /** `YYYY-MM-DD`, included. */
  @Column({ type: 'text' }) to: string;
  @Column({ type: 'text' }) kind: LeaveKind;
  @Column({ type: 'boolean' }) cancelled: boolean;
  @Column({ type: 'text' }) recorded_by: string;
  @Column({ type: 'timestamptz' }) updated_at: Date;
  /** Revision of the `leave-<employeeId>` stream. */
  @Column({ type: 'bigint' }) revision: string;
}

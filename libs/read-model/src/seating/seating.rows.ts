import type { DeskKind, PlanShapes } from '@megabot/contracts';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/*
 * The seating read model (schema `seating`, rebuilt by `projections:rebuild
 * -- seating`): floor plans, their desks with assignments, and hot-desk
 * bookings. Every row carries the revision of its stream that it reflects
 * (plans and desks: the plan stream's; bookings: the desk-day stream's).
 */
export const SEATING_SCHEMA = 'seating';
export const SEATING_PROJECTION = 'seating';

/** A published floor plan: the sanitized SVG and its shapes (desks as published; their current state is in `desks`). */
@Entity({ schema: 'seating', name: 'plans' })
export class FloorPlanRow {
  @PrimaryColumn({ type: 'text' }) office_id: string;
  @PrimaryColumn({ type: 'integer' }) floor: number;
  @Column({ type: 'text' }) name: string;
  @Column({ type: 'integer' }) version: number;
  @Column({ type: 'text' }) svg: string;
  @Column({ type: 'jsonb' }) shapes: PlanShapes;
  @Column({ type: 'timestamptz' }) published_at: Date;
  @Column({ type: 'bigint' }) revision: string;
}

/** A desk of a plan; one no longer on the plan stays with `on_plan` false (its bookings still name it). */
@Entity({ schema: 'seating', name: 'desks' })
@Index('desks_assignee', ['assignee_id'], { where: 'assignee_id IS NOT NULL' })
export class DeskRow {
  @PrimaryColumn({ type: 'text' }) office_id: string;
  @PrimaryColumn({ type: 'integer' }) floor: number;
  @PrimaryColumn({ type: 'text' }) desk_id: string;
  @Column({ type: 'text' }) label: string;
  @Column({ type: 'text' }) kind: DeskKind;
  @Column({ type: 'double precision' }) x: number;
  @Column({ type: 'double precision' }) y: number;
  @Column({ type: 'text', nullable: true }) node_id: string | null;
  @Column({ type: 'text', nullable: true }) assignee_id: string | null;
  @Column({ type: 'boolean' }) on_plan: boolean;
  @Column({ type: 'bigint' }) revision: string;
}

/** A hot-desk booking of a desk-day stream; `date` is the office's local date. */
@Entity({ schema: 'seating', name: 'desk_bookings' })
@Index('desk_bookings_employee', ['employee_id', 'date'])
@Index('desk_bookings_floor', ['office_id', 'floor', 'date'])
export class DeskBookingRow {
  @PrimaryColumn({ type: 'text' }) booking_id: string;
  @Column({ type: 'text' }) office_id: string;
  @Column({ type: 'integer' }) floor: number;
  @Column({ type: 'text' }) desk_id: string;
  @Column({ type: 'text' }) date: string;
  @Column({ type: 'text' }) employee_id: string;
  @Column({ type: 'text' }) status: 'booked' | 'cancelled';
  @Column({ type: 'text' }) booked_by: string;
  @Column({ type: 'timestamptz' }) booked_at: Date;
  @Column({ type: 'timestamptz', nullable: true }) cancelled_at: Date | null;
  @Column({ type: 'bigint' }) stream_revision: string;
}

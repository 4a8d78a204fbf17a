import type { AnnouncementAudience, CalendarDay } from '@megabot/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The company read model (schema `company`, rebuilt by `projections:rebuild
 * -- company`): the useful links (a removed one is kept, marked, so a replay
 * cannot bring it back) and the production calendars, one row per region and
 * year with its listed days.
 */
export const COMPANY_SCHEMA = 'company';
export const COMPANY_PROJECTION = 'company';

@Entity({ schema: 'company', name: 'links' })
export class UsefulLinkRow {
  @PrimaryColumn({ type: 'text' }) link_id: string;
  @Column({ type: 'text' }) category: string;
  @Column({ type: 'text' }) title: string;
  @Column({ type: 'text' }) url: string;
  @Column({ type: 'text' }) description: string;
  @Column({ type: 'boolean' }) removed: boolean;
  /** Revision of the `company-links` stream last applied to this link. */
  @Column({ type: 'bigint' }) revision: string;
}

@Entity({ schema: 'company', name: 'calendars' })
export class CalendarRow {
  @PrimaryColumn({ type: 'text' }) calendar_id: string;
  @Column({ type: 'text' }) region: string;
  @Column({ type: 'integer' }) year: number;
  @Column({ type: 'text' }) source: string;
  @Column({ type: 'timestamptz' }) imported_at: Date;
  /** CalendarDay[] by date. */
  @Column({ type: 'jsonb' }) days: CalendarDay[];
  @Column({ type: 'bigint' }) revision: string;
}

/** A published announcement (its delivery is in `company_outbox`, outside the rebuilt schema). */
@Entity({ schema: 'company', name: 'announcements' })
export class AnnouncementRow {
  @PrimaryColumn({ type: 'text' }) announcement_id: string;
  @Column({ type: 'text' }) text: string;
  @Column({ type: 'jsonb' }) audience: AnnouncementAudience;
  @Column({ type: 'text' }) published_by: string;
  @Column({ type: 'timestamptz' }) published_at: Date;
  @Column({ type: 'timestamptz', nullable: true }) withdrawn_at: Date | null;
  @Column({ type: 'bigint' }) revision: string;
}

import type { DirectoryPrivacy } from '@megabot/contracts';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * The directory read model (schema `directory`, rebuilt by
 * `projections:rebuild -- directory`): every employee as the directory shows
 * them, folded from identity's employee events. Each row carries its
 * stream's last applied revision and the global position of the event that
 * last changed it (bigint as text), so the API's in-memory search index
 * reloads only the rows changed since its last refresh.
 */
export const DIRECTORY_SCHEMA = 'directory';
export const DIRECTORY_PROJECTION = 'directory';

@Entity({ schema: 'directory', name: 'employees' })
@Index('directory_employees_pos', ['pos_commit', 'pos_prepare'])
@Index('directory_employees_manager', ['manager_id'])
export class DirectoryEmployeeRow {
  @PrimaryColumn({ type: 'text' }) employee_id: string;
  @Column({ type: 'text' }) full_name: string;
  @Column({ type: 'text' }) email: string;
  @Column({ type: 'text' }) department: string;
  @Column({ type: 'text' }) position: string;
  @Column({ type: 'text' }) office: string;
  @Column({ type: 'text', nullable: true }) manager_id: string | null;
  @Column({ type: 'text', array: true, default: () => "'{}'" }) projects: string[];
  @Column({ type: 'text' }) status: 'active' | 'dismissed';
  @Column({ type: 'bigint', nullable: true }) telegram_user_id: string | null;
  @Column({ type: 'text', nullable: true }) photo: string | null;
  /** What colleagues may see (DirectoryPrivacy). */
  @Column({ type: 'jsonb' }) privacy: DirectoryPrivacy;
  @Column({ type: 'bigint' }) revision: string;
  @Column({ type: 'bigint' }) pos_commit: string;
  @Column({ type: 'bigint' }) pos_prepare: string;
}

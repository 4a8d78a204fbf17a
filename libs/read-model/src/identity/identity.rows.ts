import { CLEARANCE_LEVELS, type BotChatStatus, type ClearanceLevel, type EmployeeAccessView, type EmployeeRole, type EmployeeView } from '@megabot/contracts';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Channel on which the identity projection announces, from inside its
 * transaction (so delivered exactly at commit), which employees and Telegram
 * accounts changed: `{"e":[employee ids],"t":[telegram ids]}` or `*` (reload
 * everything). The API's identity cache drops those entries.
 */
export const IDENTITY_CHANGES_CHANNEL = 'megabot_identity';
/** Channel on which the code-mail reactor announces that it queued verification mails (the API's sender also polls). */
export const IDENTITY_MAIL_CHANNEL = 'megabot_identity_mail';

/*
 * The identity read model (schema `identity`, rebuilt by `projections:rebuild
 * -- identity`). Property types are what pg hands back for each column:
 * bigint as text, timestamptz as Date.
 */

/** An employee: profile, roles, ABAC attributes, employment status and the bound Telegram account. */
@Entity({ schema: 'identity', name: 'employees' })
@Index('employees_email', ['email'])
@Index('employees_status_name', ['status', 'full_name'])
export class EmployeeRow {
  @PrimaryColumn({ type: 'text' }) employee_id: string;
  @Column({ type: 'text' }) full_name: string;
  @Column({ type: 'text' }) email: string;
  @Column({ type: 'text' }) department: string;
  @Column({ type: 'text' }) position: string;
  @Column({ type: 'text' }) office: string;
  @Column({ type: 'text', nullable: true }) manager_id: string | null;
  @Column({ type: 'text', array: true, default: () => "'{}'" }) roles: EmployeeRole[];
  @Column({ type: 'text' }) clearance: ClearanceLevel;
  @Column({ type: 'text', array: true, default: () => "'{}'" }) projects: string[];
  @Column({ type: 'text' }) status: 'active' | 'dismissed';
  @Column({ type: 'timestamptz' }) hired_at: Date;
  @Column({ type: 'timestamptz', nullable: true }) dismissed_at: Date | null;
  @Column({ type: 'text', nullable: true }) dismiss_reason: string | null;
  @Column({ type: 'bigint', nullable: true }) telegram_user_id: string | null;
  @Column({ type: 'timestamptz', nullable: true }) telegram_bound_at: Date | null;
  /** 1, +1 per rehire. */
  @Column({ type: 'integer', default: 1 }) employments: number;
  /** Last stream revision applied: an event at or below it is skipped. */
  @Column({ type: 'bigint' }) revision: string;
  @Column({ type: 'timestamptz' }) updated_at: Date;
}

/** Which employee a Telegram account acts as (the bot's lookup); the newest binding of an account wins. */
@Entity({ schema: 'identity', name: 'telegram_bindings' })
@Index('telegram_bindings_employee', ['employee_id'])
export class TelegramBindingRow {
  @PrimaryColumn({ type: 'bigint' }) telegram_user_id: string;
  @Column({ type: 'text' }) employee_id: string;
  @Column({ type: 'timestamptz' }) bound_at: Date;
}

/** A chat the bot is a member of, as the bot last reported it (offboarding bans from the chats where it may). */
@Entity({ schema: 'identity', name: 'chats' })
export class ChatRow {
  @PrimaryColumn({ type: 'bigint' }) chat_id: string;
  @Column({ type: 'text' }) title: string;
  @Column({ type: 'text' }) type: string;
  @Column({ type: 'text' }) bot_status: BotChatStatus;
  @Column({ type: 'boolean' }) can_restrict: boolean;
  @Column({ type: 'timestamptz' }) changed_at: Date;
  @Column({ type: 'bigint' }) revision: string;
}

/** Every column: a selected row is a whole EmployeeRow. */
export const EMPLOYEE_COLUMNS = '*';

const iso = (v: Date | null) => (v === null ? null : v.toISOString());

export function employeeViewOf(r: EmployeeRow): EmployeeView {
  return {
    employeeId: r.employee_id,
    fullName: r.full_name,
    email: r.email,
    department: r.department,
    position: r.position,
    office: r.office,
    managerId: r.manager_id,
    roles: r.status === 'active' ? [...r.roles] : [],
    clearance: r.clearance,
    projects: [...r.projects],
    status: r.status,
    hiredAt: iso(r.hired_at)!,
    dismissedAt: iso(r.dismissed_at),
    telegramUserId: r.telegram_user_id === null ? null : Number(r.telegram_user_id),
    telegramBoundAt: iso(r.telegram_bound_at),
  };
}

/** The same answer as the domain's accessOf, from the read model. */
export function accessViewOf(r: EmployeeRow): EmployeeAccessView {
  const active = r.status === 'active';
  return {
    employeeId: r.employee_id,
    active,
    roles: active ? [...r.roles] : [],
    attributes: {
      department: r.department,
      office: r.office,
      clearance: r.clearance,
      clearanceRank: CLEARANCE_LEVELS.indexOf(r.clearance),
      projects: [...r.projects],
    },
  };
}

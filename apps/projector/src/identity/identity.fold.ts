import type { BotChatMembershipChanged, EmployeeEvent, EmployeeRecord } from '@megabot/contracts';
import type { RecordedEvent } from '@megabot/event-store';
import type { ChatRow, EmployeeRow, TelegramBindingRow } from '@megabot/read-model';

/*
 * The identity read model as pure functions of the recorded events. Rows
 * carry the last applied stream revision: an event at or below it returns the
 * row unchanged (the same object), so a replay changes nothing.
 */

const RECORD_COLUMNS: { [K in keyof EmployeeRecord]: keyof EmployeeRow } = {
  fullName: 'full_name',
  email: 'email',
  department: 'department',
  position: 'position',
  office: 'office',
  managerId: 'manager_id',
  roles: 'roles',
  clearance: 'clearance',
  projects: 'projects',
};

/** The employee after the event (profile, roles, status, bound account). */
export function evolveEmployee(row: EmployeeRow | undefined, event: RecordedEvent): EmployeeRow | undefined {
  const e = { type: event.type, data: event.data } as EmployeeEvent;
  const revision = event.revision.toString();
  if (e.type === 'EmployeeHired') {
    if (row) return row;
    const d = e.data;
    return {
      employee_id: d.employeeId,
      full_name: d.fullName,
      email: d.email,
      department: d.department,
      position: d.position,
      office: d.office,
      manager_id: d.managerId,
      roles: d.roles,
      clearance: d.clearance,
      projects: d.projects,
      status: 'active',
      hired_at: new Date(d.hiredAt),
      dismissed_at: null,
      dismiss_reason: null,
      telegram_user_id: null,
      telegram_bound_at: null,
      employments: 1,
      revision,
      updated_at: event.recordedAt,
    };
  }
  if (!row || BigInt(row.revision) >= event.revision) return row;
  const next: EmployeeRow = { ...row, revision, updated_at: event.recordedAt };
  switch (e.type) {
    case 'EmployeeUpdated':
      for (const [field, value] of Object.entries(e.data.changes)) Object.assign(next, { [RECORD_COLUMNS[field as keyof EmployeeRecord]]: value });
      break;
    case 'EmployeeDismissed':
      Object.assign(next, {
        status: 'dismissed',
        dismissed_at: new Date(e.data.dismissedAt),
        dismiss_reason: e.data.reason,
        roles: [],
      } satisfies Partial<EmployeeRow>);
      break;
    case 'EmployeeRehired': {
      const d = e.data;
      Object.assign(next, {
        status: 'active',
        dismissed_at: null,
        dismiss_reason: null,
        full_name: d.fullName,
        email: d.email,
        department: d.department,
        position: d.position,
        office: d.office,
        manager_id: d.managerId,
        roles: d.roles,
        clearance: d.clearance,
        projects: d.projects,
        hired_at: new Date(d.rehiredAt),
        employments: row.employments + 1,
        telegram_user_id: null,
        telegram_bound_at: null,
      } satisfies Partial<EmployeeRow>);
      break;
    }
    case 'TelegramBound':
      next.telegram_user_id = String(e.data.telegramUserId);
      next.telegram_bound_at = new Date(e.data.boundAt);
      break;
    case 'TelegramUnbound':
      if (row.telegram_user_id === String(e.data.telegramUserId)) {
        next.telegram_user_id = null;
        next.telegram_bound_at = null;
      }
      break;
  }
  return next;
}

/** The Telegram account the event binds or unbinds, if any. */
export function telegramAccountOf(event: RecordedEvent): number | undefined {
  const e = { type: event.type, data: event.data } as EmployeeEvent;
  return e.type === 'TelegramBound' || e.type === 'TelegramUnbound' ? e.data.telegramUserId : undefined;
}

/**
 * The binding of the event's Telegram account after an applied TelegramBound
 * (the newest binding of an account wins) or TelegramUnbound (removed only if
 * it is still this employee's).
 */
export function evolveBinding(binding: TelegramBindingRow | undefined, event: RecordedEvent): TelegramBindingRow | undefined {
  const e = { type: event.type, data: event.data } as EmployeeEvent;
  if (e.type === 'TelegramBound')
    return { telegram_user_id: String(e.data.telegramUserId), employee_id: e.data.employeeId, bound_at: new Date(e.data.boundAt) };
  if (e.type === 'TelegramUnbound' && binding?.employee_id === e.data.employeeId) return undefined;
  return binding;
}

/** A chat as the bot last reported it. */
export function evolveChat(row: ChatRow | undefined, event: RecordedEvent): ChatRow | undefined {
  if (row && BigInt(row.revision) >= event.revision) return row;
  const d = (event as RecordedEvent<BotChatMembershipChanged['data']>).data;
  return {
    chat_id: String(d.chatId),
    title: d.title,
    type: d.chatType,
    bot_status: d.status,
    can_restrict: d.canRestrictMembers,
    changed_at: new Date(d.changedAt),
    revision: event.revision.toString(),
  };
}

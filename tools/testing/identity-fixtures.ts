import { randomUUID } from 'node:crypto';
import { employeeStreamId, type EmployeeHired, type TelegramBound } from '@megabot/contracts';
import type { EventStore } from '@megabot/event-store';

/** What the fixture needs of a test system (not the whole TestSystem: it builds its helpers on this one). */
export interface FixtureSystem {
  store: EventStore;
  apiUrl: string;
  bot(telegramUserId?: number): Record<string, string>;
}

export interface BoundEmployee {
  employeeId: string;
  telegramUserId: number;
  /** Default ['employee']. */
  roles?: string[];
  /** Default now: a test of past dates (time logging) hires earlier. */
  hiredAt?: string;
  managerId?: string | null;
  /** Project codes (default none). */
  projects?: string[];
  /** Default 'Test' and 'HQ'. */
  department?: string;
  office?: string;
  /** Default 'internal'. */
  clearance?: EmployeeHired['data']['clearance'];
}

/**
 * Employees whose Telegram accounts are bound, for tests that need people who receive notices in Telegram without
 * walking through the e-mail verification: each employee's stream gets the events a hire and a successful
 * verification write (EmployeeHired, TelegramBound), appended to the event store as another API instance would;
 * then it waits until the API resolves every account. Later commands on these employees (unbind, dismiss) are
 * decided on this history like any other.
 */
export async function hireAndBindTelegram(system: FixtureSystem, employees: BoundEmployee[]): Promise<void> {
  for (const { employeeId, telegramUserId, roles, hiredAt, managerId, projects, department, office, clearance } of employees) {
    const at = hiredAt ?? new Date().toISOString();
    const email = `${employeeId.toLowerCase()}@example.com`;
    const hired: EmployeeHired = {
      type: 'EmployeeHired',
      data: {
        employeeId,
        fullName: employeeId,
        email,
        department: department ?? 'Test',
        position: 'Tester',
        office: office ?? 'HQ',
        managerId: managerId ?? null,
        roles: (roles ?? ['employee']) as EmployeeHired['data']['roles'],
        clearance: clearance ?? 'internal',
        projects: [...(projects ?? [])].sort(),
        hiredAt: at,
        hiredBy: 'test',
      },
    };
    const bound: TelegramBound = { type: 'TelegramBound', data: { employeeId, telegramUserId, email, boundAt: at, previousTelegramUserId: null } };
    const metadata = { occurredAt: at, schemaVersion: 1 };
    await system.store.append(
      employeeStreamId(employeeId),
      [hired, bound].map((e) => ({ id: randomUUID(), ...e, metadata })),
      'no_stream',
    );
  }
  for (const { employeeId, telegramUserId } of employees) {
    for (let i = 0; ; i++) {
      const who = await fetch(`${system.apiUrl}/identity/telegram/${telegramUserId}`, { headers: system.bot() });
      if (who.status === 200 && (await who.json()).employeeId === employeeId) break;
      if (i > 400) throw new Error(`the binding of ${employeeId} to ${telegramUserId} was not projected`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }
}

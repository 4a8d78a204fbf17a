/** The roles of the whole system: one set, granted by identity (and the bootstrap lists). */
export const ROLES = ['employee', 'admin', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

/**
 * Who did something, with the roles they had at that moment. Commands carry
 * it into the domain, which decides what it may do; events freeze it
 * (`openedBy`, `cancelledBy`, ...).
 */
export interface Actor {
  employeeId: string;
  roles: readonly string[];
}

export const isAdmin = (actor: Actor | null | undefined): boolean => !!actor && actor.roles.includes('admin');
export const isAuditor = (actor: Actor | null | undefined): boolean => !!actor && actor.roles.includes('auditor');

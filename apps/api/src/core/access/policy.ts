import { SetMetadata } from '@nestjs/common';
import type { Role } from '@megabot/contracts';
import type { PrincipalKind } from './actor';

/**
 * Who may call a route - every route declares one (AccessGuard denies the
 * rest, and the app refuses to start with a route that has none):
 *  - public: anyone (health, docs, the start of a login);
 *  - display: a door display's token, on the display routes only;
 *  - bot: the bot service itself (update claims, conversations, outbox);
 *  - telegram: the bot acting for a Telegram account, bound or not (verification);
 *  - employee: an active employee - through the bot, a session or a token;
 *  - roles: an active employee with one of the roles.
 */
export interface AccessPolicy {
  kind: 'public' | 'display' | 'bot' | 'telegram' | 'employee';
  /** For `employee`: at least one of these roles. */
  roles?: Role[];
  /** Principals allowed besides the defaults of the kind (e.g. an admin token but no bot). */
  via?: PrincipalKind[];
}

export const ACCESS_POLICY = 'megabot:access-policy';

/** The route admits a caller that any of the policies admits. */
export const Access = (...policies: AccessPolicy[]) => SetMetadata(ACCESS_POLICY, policies);

export const Public = () => Access({ kind: 'public' });
export const ForDisplay = () => Access({ kind: 'display' });
/** The bot service: no employee needed (housekeeping of the bot itself). */
export const ForBot = () => Access({ kind: 'bot' });
/** The bot acting for whoever wrote to it - a stranger too (only the verification flow). */
export const ForTelegramUser = () => Access({ kind: 'telegram' });
/** An active employee, however authenticated. */
export const ForEmployee = () => Access({ kind: 'employee' });
export const ForAdmin = () => Access({ kind: 'employee', roles: ['admin'] });
/** Auditors (and admins: they run the company and may read what auditors read). */
export const ForAuditor = () => Access({ kind: 'employee', roles: ['auditor', 'admin'] });
/** The bot service, or an admin (what the bot reads and admins manage: feature switches). */
export const ForBotOrAdmin = () => Access({ kind: 'bot' }, { kind: 'employee', roles: ['admin'] });

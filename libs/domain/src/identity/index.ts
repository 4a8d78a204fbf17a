/**
 * The identity domain: employees (record, roles, ABAC attributes, Telegram
 * binding) and the Telegram verification by a code sent to the corporate
 * e-mail. Every exported name is identity-specific, so this barrel can be
 * re-exported next to the other features.
 */
export * from './identity.errors';
export * from './identity.policy';
export {
  IDENTITY_ID_PATTERN,
  DEFAULT_EMPLOYEE_CLEARANCE,
  DEFAULT_EMPLOYEE_ROLES,
  MAX_EMPLOYEE_PROJECTS,
  normalizeEmail,
  parseEmail,
  checkCorporateEmail,
  clearanceRank,
} from './identity.rules';
export * from './constant-time';
export * from './employee.decider';
export * from './verification.decider';
export * from './telegram-chat.decider';
export * from './identity.access';

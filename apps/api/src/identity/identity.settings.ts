export { identitySettings, type IdentitySettings } from './identity.options';

/** Injection token of the resolved IdentitySettings (policy, keyed hash, mail transport). */
export const IDENTITY_SETTINGS_TOKEN = Symbol('IDENTITY_SETTINGS');

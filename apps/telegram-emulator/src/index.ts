export { startEmulator, type RunningEmulator } from './emulator';
export { type EmulatorOptions, type EmulatorUserSeed, generateToken } from './options';
export {
  EmulatorControl,
  type ActionResult,
  type CallbackResult,
  type ChatDetails,
  type ChatHistory,
  type ChatSummary,
  type UserInput,
  type WebAppLaunch,
} from './control/control';
export type { EmulatorEvent, EmulatorEventType } from './core/event-log';
export type { EmulatorUser, StoredMessage } from './core/store';
export type { RateLimitConfig, WindowLimit } from './rate-limit/rate-limiter';
export { TELEGRAM_PUBLIC_KEYS } from './webapp/init-data';
export type * from './types';

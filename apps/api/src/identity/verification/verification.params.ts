import { problem } from '../../core/problem';

export function telegramUserIdOf(value: string): number {
  if (!/^[1-9]\d{0,15}$/.test(value) || !Number.isSafeInteger(Number(value)))
    throw problem(400, 'validation.failed', 'telegramUserId must be a positive integer');
  return Number(value);
}

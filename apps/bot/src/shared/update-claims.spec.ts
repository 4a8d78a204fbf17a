import type { ClaimUpdateView } from '@megabot/contracts';
import type { Context } from 'telegraf';
import { claimUpdates, UpdateClaimError, type PendingClaims } from './update-claims';

/** An update of Anna in her private chat, as the middleware reads it. */
const ctx = () => ({ update: { update_id: 5 }, botInfo: { id: 1 }, from: { id: 7, language_code: 'en' }, chat: { id: 7 }, state: {} }) as unknown as Context;

/** Runs the middleware over claims answered in turn by `answers`; what it did: claims made, handlers run, error. */
async function run(answers: Pick<ClaimUpdateView, 'first' | 'pending'>[], pending: PendingClaims) {
  let claims = 0;
  let handled = 0;
  const middleware = claimUpdates(
    async () => answers[Math.min(claims++, answers.length - 1)],
    () => undefined,
    () => undefined,
    pending,
  );
  const error = await Promise.resolve(middleware(ctx(), async () => void handled++)).then(
    () => undefined,
    (e: unknown) => e,
  );
  return { claims, handled, error };
}

describe('claimUpdates: an update whose claim another delivery holds unreported', () => {
  it('webhook: refused (UpdateClaimError, the webhook answers 500 and Telegram delivers it again), not dropped', async () => {
    const r = await run([{ first: false, pending: true }], { onPending: 'refuse' });
    expect([r.claims, r.handled, r.error instanceof UpdateClaimError]).toEqual([1, 0, true]);
  });

  it('polling: claimed again until the lease ran out (then handled here) - getUpdates would not bring it again', async () => {
    const r = await run([{ first: false, pending: true }, { first: false, pending: true }, { first: true }], { onPending: 'wait', retryMs: 1 });
    expect(r).toEqual({ claims: 3, handled: 1, error: undefined });
  });

  it('polling: claimed again until the holder reported it handled (then dropped)', async () => {
    const r = await run(
      [
        { first: false, pending: true },
        { first: false, pending: false },
      ],
      { onPending: 'wait', retryMs: 1 },
    );
    expect(r).toEqual({ claims: 2, handled: 0, error: undefined });
  });

  it('a duplicate of a handled update is dropped either way', async () => {
    for (const onPending of ['refuse', 'wait'] as const) {
      expect(await run([{ first: false, pending: false }], { onPending })).toEqual({ claims: 1, handled: 0, error: undefined });
    }
  });
});

import fc from 'fast-check';
import type { VerificationEvent } from '@megabot/contracts';
import { DomainError } from '../shared/domain-error';
import { ANNA, POLICY, requestCode, submit, T0, verificationDecider } from './identity.fixtures';
import type { DirectoryMatch, VerificationCommand, VerificationState } from './verification.decider';

/* ------------------------------------------------------------------------------------------
 * Brute force. An attacker controls one Telegram account and guesses codes for somebody's
 * e-mail. Whatever they do, the policy (5 wrong codes, then a 30-minute lock; 4 codes an
 * hour) must bound what they get.
 * ---------------------------------------------------------------------------------------- */

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const sixDigits = fc.integer({ min: 0, max: 999_999 }).map((n) => String(n).padStart(6, '0'));
const recipients = fc.constantFrom<DirectoryMatch>(ANNA, { employeeId: 'e-gone', active: false }, null);

class Run {
  state: VerificationState = verificationDecider.initialState;
  readonly log: { at: number; event: VerificationEvent }[] = [];
  constructor(public now: number) {}

  /** Decides at the current time; the events, or the DomainError code. */
  send(command: VerificationCommand): VerificationEvent[] | string {
    try {
      const events = verificationDecider.decide(this.state, command, new Date(this.now));
      for (const event of events) {
        this.state = verificationDecider.evolve(this.state, event);
        this.log.push({ at: this.now, event });
      }
      return events;
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      return e.code;
    }
  }
}

describe('verification under brute force', () => {
  it('guessing against one code: the attacker wins only if the code is among the first 5 guesses, then everything is refused until the lock ends', () => {
    fc.assert(
      fc.property(
        sixDigits,
        fc.array(sixDigits, { minLength: 1, maxLength: 40 }),
        // Where (if anywhere) the right code shows up in the guesses - so the "lucky" case is tested too.
        fc.option(fc.nat({ max: 39 }), { nil: undefined }),
        fc.array(fc.integer({ min: 0, max: 10 }), { minLength: 40, maxLength: 40 }),
        fc.integer({ min: 0, max: 30 * MINUTE - 1 }),
        (code, rawGuesses, luckyAt, gapsSeconds, probeOffset) => {
          const guesses = rawGuesses.map((g) => (g === code ? String((Number(g) + 1) % 1_000_000).padStart(6, '0') : g));
          if (luckyAt !== undefined && luckyAt < guesses.length) guesses[luckyAt] = code;
          const run = new Run(T0.getTime());
          run.send(requestCode(code));

          let evaluated = 0;
          let won = false;
          let lockedUntil: number | null = null;
          for (let i = 0; i < guesses.length && !won; i++) {
            run.now += gapsSeconds[i] * SECOND; // at most 400 s in all: within the 10-minute TTL
            const out = run.send(submit(guesses[i]));
            if (lockedUntil !== null) {
              expect(out).toBe('identity.verification_locked');
              continue;
            }
            expect(Array.isArray(out)).toBe(true);
            evaluated++;
            const events = out as VerificationEvent[];
            if (events[0].type === 'VerificationSucceeded') won = true;
            const lock = events.find((e) => e.type === 'VerificationLocked');
            if (lock) lockedUntil = Date.parse((lock.data as { lockedUntil: string }).lockedUntil);
          }
          const firstFive = guesses.slice(0, POLICY.maxAttempts);
          expect(won).toBe(firstFive.includes(code));
          expect(evaluated).toBeLessThanOrEqual(POLICY.maxAttempts);

          if (lockedUntil !== null) {
            expect(lockedUntil - run.log.find((l) => l.event.type === 'VerificationLocked')!.at).toBe(POLICY.lockMinutes * MINUTE);
            // Any moment before the end of the lock: every command is refused - the right code included.
            const lockedAt = lockedUntil - POLICY.lockMinutes * MINUTE;
            run.now = Math.max(run.now, lockedAt + probeOffset);
            if (run.now < lockedUntil) {
              expect(run.send(submit(code))).toBe('identity.verification_locked');
              expect(run.send(requestCode('123456'))).toBe('identity.verification_locked');
              expect(run.send({ type: 'StartVerification', telegramUserId: 700001 })).toBe('identity.verification_locked');
            }
            // At its end: the locked code is void, a new one can be requested and has the full attempts.
            run.now = lockedUntil;
            expect(run.send(submit(code))).toBe('identity.no_active_code');
            const renewed = run.send(requestCode('123456'));
            expect(Array.isArray(renewed) && renewed.some((e) => e.type === 'CodeIssued')).toBe(true);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('a long campaign (guesses, resends, waits) never succeeds with wrong guesses and stays within the policy budget', () => {
    const action = fc.record({
      kind: fc.constantFrom('guess', 'guess', 'guess', 'guess', 'request', 'start', 'cancel'),
      waitSeconds: fc.oneof(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 45 * 60 })),
      guess: sixDigits,
      fresh: sixDigits,
    });
    fc.assert(
      fc.property(sixDigits, recipients, fc.array(action, { minLength: 1, maxLength: 250 }), (firstCode, recipient, actions) => {
        const t0 = T0.getTime();
        const run = new Run(t0);
        let liveCode = firstCode;
        run.send(requestCode(firstCode, recipient));
        let lockedUntil = 0;

        for (const a of actions) {
          run.now += a.waitSeconds * SECOND;
          const locked = run.now < lockedUntil;
          let out: VerificationEvent[] | string;
          if (a.kind === 'guess') {
            const guess = a.guess === liveCode ? String((Number(a.guess) + 1) % 1_000_000).padStart(6, '0') : a.guess; // the attacker does not read the mailbox
            out = run.send(submit(guess));
          } else if (a.kind === 'request') {
            out = run.send(requestCode(a.fresh, recipient));
            if (Array.isArray(out) && out.length) liveCode = a.fresh;
          } else {
            out = run.send({ type: a.kind === 'start' ? 'StartVerification' : 'CancelVerification', telegramUserId: 700001 });
          }
          if (locked && a.kind !== 'cancel') expect(out).toBe('identity.verification_locked');
          if (Array.isArray(out)) {
            expect(out.some((e) => e.type === 'VerificationSucceeded')).toBe(false);
            const lock = out.find((e) => e.type === 'VerificationLocked');
            if (lock) lockedUntil = Date.parse((lock.data as { lockedUntil: string }).lockedUntil);
          }
        }

        const elapsed = run.now - t0;
        // Wrong codes evaluated: at most maxAttempts per lock period (a lock, or the quiet time that forgets failures).
        const rejected = run.log.filter((l) => l.event.type === 'CodeRejected');
        expect(rejected.length).toBeLessThanOrEqual(POLICY.maxAttempts * (1 + Math.floor(elapsed / (POLICY.lockMinutes * MINUTE))));
        for (const r of rejected) expect((r.event.data as { attempt: number }).attempt).toBeLessThanOrEqual(POLICY.maxAttempts);
        // Codes issued: at most 4 in any rolling hour.
        const issuedAt = run.log.filter((l) => l.event.type === 'CodeIssued').map((l) => l.at);
        for (const start of issuedAt)
          expect(issuedAt.filter((t) => t >= start && t < start + 60 * MINUTE).length).toBeLessThanOrEqual(1 + POLICY.resendsPerHour);
        // Nothing was written while locked.
        const locks = run.log
          .filter((l) => l.event.type === 'VerificationLocked')
          .map((l) => [l.at, Date.parse((l.event.data as { lockedUntil: string }).lockedUntil)]);
        for (const l of run.log) {
          for (const [from, until] of locks) {
            if (l.at > from && l.at < until) expect(l.event.type).toBe('VerificationCancelled');
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});

import type { VerificationEvent } from '@megabot/contracts';
import { deciderSpec } from '../shared/decider-spec';
import { fold } from '../shared/decider';
import { DomainError } from '../shared/domain-error';
import { resolveIdentityPolicy } from './identity.policy';
import { ANNA, at, iso, POLICY, requestCode, submit, T0, testHash, TG, verificationDecider, verificationHistory } from './identity.fixtures';
import {
  createVerificationDecider,
  verificationStatusOf,
  verifyCodeResultOf,
  type DirectoryMatch,
  type VerificationCommand,
  type VerificationState,
} from './verification.decider';

const spec = deciderSpec(verificationDecider);
const stateOf = (events: VerificationEvent[]): VerificationState => fold(verificationDecider, events);
const view = (events: VerificationEvent[], minute: number) => verificationStatusOf(stateOf(events), TG, at(minute), POLICY);
const start = { type: 'StartVerification' as const, telegramUserId: TG };
const cancel = { type: 'CancelVerification' as const, telegramUserId: TG };

const CODE = '493027';
const OTHER = '111111';
const started = (minute = 0): VerificationEvent => ({ type: 'VerificationStarted', data: { telegramUserId: TG, startedAt: iso(minute) } });
const issued = (code: string, codeNo: number, minute: number, replacesCodeNo: number | null = null): VerificationEvent => ({
  type: 'CodeIssued',
  data: {
    telegramUserId: TG,
    codeNo,
    email: 'anna.ivanova@example.com',
    employeeId: 'e-anna',
    suppressed: null,
    codeHash: testHash(code, `${TG}:${codeNo}`),
    codeLength: 6,
    issuedAt: iso(minute),
    expiresAt: iso(minute + 10),
    replacesCodeNo,
  },
});
/** Started and a code for Anna at minute 0. */
const pending = () => [started(), issued(CODE, 1, 0)];

const plainError = (e: DomainError) => ({ code: e.code, kind: e.kind, message: e.message, details: e.details });

describe('verification decider', () => {
  describe('StartVerification', () => {
    it('asks for the e-mail', () => spec.given([]).when(start, T0).then([started()]));
    it('writes nothing while a verification is in progress', () => {
      spec.given([started()]).when(start, at(1)).then([]);
      spec.given(pending()).when(start, at(1)).then([]);
    });
    it('starts again after a success or a cancellation', () => {
      spec
        .given(
          verificationHistory([
            [requestCode(CODE), 0],
            [submit(CODE), 1],
          ]),
        )
        .when(start, at(2))
        .then([started(2)]);
      spec
        .given([started(), { type: 'VerificationCancelled', data: { telegramUserId: TG, cancelledAt: iso(1), invalidatedCodeNo: null } }])
        .when(start, at(2))
        .then([started(2)]);
    });
    it('refuses a bad Telegram id', () =>
      spec
        .given([])
        .when({ ...start, telegramUserId: -5 }, T0)
        .thenThrows('identity.invalid_telegram_user'));
  });

  describe('RequestVerificationCode', () => {
    it('issues a code valid for 10 minutes, storing only its keyed hash', () =>
      spec
        .given([started()])
        .when(requestCode(CODE), T0)
        .then([issued(CODE, 1, 0)]));

    it('starts the verification when none is in progress', () => spec.given([]).when(requestCode(CODE), T0).then(pending()));

    it('never writes the code itself', () => {
      const events = verificationDecider.decide(verificationDecider.initialState, requestCode(CODE), T0);
      expect(JSON.stringify(events)).not.toContain(CODE);
    });

    it('hashes with a per-code salt: the same digits give a different hash for the next code', () => {
      const events = verificationHistory([
        [requestCode(CODE), 0],
        [requestCode(CODE), 1],
      ]);
      const hashes = events.filter((e) => e.type === 'CodeIssued').map((e) => (e.data as { codeHash: string }).codeHash);
      expect(hashes[0]).not.toBe(hashes[1]);
    });

    it('normalizes the typed address', () => {
      const [, e] = verificationDecider.decide(verificationDecider.initialState, requestCode(CODE, ANNA, '  Anna.Ivanova@Example.COM '), T0);
      expect(e.data).toMatchObject({ email: 'anna.ivanova@example.com' });
    });

    describe('domain check', () => {
      it.each([
        ['a personal address', 'anna@gmail.com', 'identity.email_domain_not_allowed'],
        ['a subdomain not listed', 'anna@mail.example.com', 'identity.email_domain_not_allowed'],
        ['not an address', 'anna', 'identity.invalid_email'],
        ['an empty string', '', 'identity.invalid_email'],
      ])('refuses %s openly (the allowed domains are public) and issues nothing', (_, email, code) =>
        spec
          .given([started()])
          .when(requestCode(CODE, null, email), T0)
          .thenThrows(code),
      );

      it('accepts any allowed domain', () => {
        const events = verificationDecider.decide(stateOf([started()]), requestCode(CODE, null, 'x@corp.example.org'), T0);
        expect(events).toHaveLength(1);
      });
    });

    it('treats a bad code from the generator as a bug, not a user error', () => {
      for (const bad of ['12345', '1234567', '12345a', '']) {
        let caught: unknown;
        try {
          verificationDecider.decide(stateOf([started()]), requestCode(bad), T0);
        } catch (e) {
          caught = e;
        }
        expect(caught).toBeInstanceOf(Error);
        expect(caught).not.toBeInstanceOf(DomainError);
      }
    });

    describe('a new code invalidates the old one', () => {
      it('records which code it replaces', () =>
        spec
          .given(pending())
          .when(requestCode(OTHER), at(2))
          .then([issued(OTHER, 2, 2, 1)]));

      it('the old code is then refused as a wrong code and the new one works', () => {
        const given = verificationHistory([[requestCode(OTHER), 2]], pending());
        spec
          .given(given)
          .when(submit(CODE), at(3))
          .then([{ type: 'CodeRejected', data: { telegramUserId: TG, codeNo: 2, attempt: 1, attemptsLeft: 4, rejectedAt: iso(3) } }]);
        spec
          .given(given)
          .when(submit(OTHER), at(3))
          .then([
            {
              type: 'VerificationSucceeded',
              data: { telegramUserId: TG, codeNo: 2, employeeId: 'e-anna', email: 'anna.ivanova@example.com', verifiedAt: iso(3) },
            },
          ]);
      });

      it('also for a code sent to a different address', () => {
        const given = verificationHistory([[requestCode(OTHER, { employeeId: 'e-boris', active: true }, 'boris.petrov@example.com'), 2]], pending());
        spec
          .given(given)
          .when(submit(CODE), at(3))
          .then([{ type: 'CodeRejected', data: { telegramUserId: TG, codeNo: 2, attempt: 1, attemptsLeft: 4, rejectedAt: iso(3) } }]);
      });
    });

    describe('resend limit: 1 + 3 codes per rolling hour', () => {
      const four = (): [VerificationCommand, number][] => [
        [requestCode('100000'), 0],
        [requestCode('200000'), 10],
        [requestCode('300000'), 20],
        [requestCode('400000'), 30],
      ];

      it('allows the first code and three resends, then refuses until the oldest leaves the hour', () => {
        const given = verificationHistory(four());
        spec
          .given(given)
          .when(requestCode('500000'), at(59))
          .thenThrows('identity.too_many_codes', { retryAt: iso(60), codesPerHour: 4 });
        expect(view(given, 59)).toMatchObject({ codesLeftThisHour: 0, nextCodeAt: iso(60) });
        // Rolling: at minute 60 the code of minute 0 no longer counts, the one of minute 10 still does.
        const after = verificationHistory([[requestCode('500000'), 60]], given);
        spec
          .given(after)
          .when(requestCode('600000'), at(69))
          .thenThrows('identity.too_many_codes', { retryAt: iso(70) });
        expect(verificationDecider.decide(stateOf(after), requestCode('600000'), at(70))).toHaveLength(1);
      });

      it('counts codes for any address, including ones nobody has', () => {
        const given = verificationHistory([
          [requestCode('100000', null, 'nobody@example.com'), 0],
          [requestCode('200000', { employeeId: 'e-old', active: false }, 'old@example.com'), 1],
          [requestCode('300000', ANNA), 2],
          [requestCode('400000', null, 'ghost@example.com'), 3],
        ]);
        spec
          .given(given)
          .when(requestCode('500000'), at(4))
          .thenThrows('identity.too_many_codes', { retryAt: iso(60) });
      });

      it('a refused request writes nothing and does not count', () => {
        const given = verificationHistory(four());
        expect(() => verificationDecider.decide(stateOf(given), requestCode('500000'), at(40))).toThrow();
        expect(view(given, 60)).toMatchObject({ codesLeftThisHour: 1, nextCodeAt: null });
      });

      it('follows the configured number of resends', () => {
        const strict = createVerificationDecider({ policy: resolveIdentityPolicy({ ...POLICY, resendsPerHour: 0 }), hashCode: testHash });
        deciderSpec(strict)
          .given(pending())
          .when(requestCode(OTHER), at(1))
          .thenThrows('identity.too_many_codes', { retryAt: iso(60), codesPerHour: 1 });
      });
    });
  });

  describe('SubmitVerificationCode', () => {
    it('the right code in time verifies the account for the employee', () =>
      spec
        .given(pending())
        .when(submit(CODE), at(9))
        .then([
          {
            type: 'VerificationSucceeded',
            data: { telegramUserId: TG, codeNo: 1, employeeId: 'e-anna', email: 'anna.ivanova@example.com', verifiedAt: iso(9) },
          },
        ]));

    it('ignores spaces and dashes the user types', () => {
      expect(verificationDecider.decide(stateOf(pending()), submit('493 027'), at(1))[0].type).toBe('VerificationSucceeded');
      expect(verificationDecider.decide(stateOf(pending()), submit(' 493-027\n'), at(1))[0].type).toBe('VerificationSucceeded');
    });

    it('a code is single use', () => {
      const given = verificationHistory([[submit(CODE), 1]], pending());
      spec.given(given).when(submit(CODE), at(2)).thenThrows('identity.no_active_code');
      expect(view(given, 2)).toMatchObject({ step: 'verified', codeExpiresAt: null });
    });

    it('no code requested: nothing to check', () => {
      spec.given([]).when(submit(CODE), T0).thenThrows('identity.no_active_code');
      spec.given([started()]).when(submit(CODE), T0).thenThrows('identity.no_active_code');
    });

    describe('expiry (TTL 10 minutes)', () => {
      it('accepts the code until just before it expires', () =>
        expect(verificationDecider.decide(stateOf(pending()), submit(CODE), new Date(at(10).getTime() - 1))[0].type).toBe('VerificationSucceeded'));

      it('refuses it from the expiry on - even the right one - without counting an attempt', () => {
        spec
          .given(pending())
          .when(submit(CODE), at(10))
          .thenThrows('identity.code_expired', { expiredAt: iso(10) });
        spec.given(pending()).when(submit(OTHER), at(25)).thenThrows('identity.code_expired');
        expect(view(pending(), 10)).toMatchObject({ step: 'code_expired', codeExpiresAt: null, attemptsLeft: 5 });
      });

      it('a new code after expiry works', () => {
        const given = verificationHistory([[requestCode(OTHER), 12]], pending());
        expect(verificationDecider.decide(stateOf(given), submit(OTHER), at(13))[0].type).toBe('VerificationSucceeded');
      });
    });

    it.each([['abcdef'], ['12345'], ['1234567'], ['12 34 5'], ['']])('refuses %j as malformed without counting an attempt', (code) => {
      spec.given(pending()).when(submit(code), at(1)).thenThrows('identity.invalid_code_format', { codeLength: 6 });
    });

    describe('wrong codes and the lock', () => {
      const wrong = (n: number, from = 1): [VerificationCommand, number][] => Array.from({ length: n }, (_, i) => [submit(String(100000 + i)), from + i]);

      it('counts each wrong code', () => {
        spec
          .given(pending())
          .when(submit(OTHER), at(1))
          .then([{ type: 'CodeRejected', data: { telegramUserId: TG, codeNo: 1, attempt: 1, attemptsLeft: 4, rejectedAt: iso(1) } }]);
        const given = verificationHistory(wrong(3), pending());
        spec
          .given(given)
          .when(submit(OTHER), at(5))
          .then([{ type: 'CodeRejected', data: { telegramUserId: TG, codeNo: 1, attempt: 4, attemptsLeft: 1, rejectedAt: iso(5) } }]);
        expect(view(given, 5)).toMatchObject({ step: 'awaiting_code', attemptsLeft: 2 });
      });

      it('the 5th wrong code locks for 30 minutes and voids the code', () => {
        spec
          .given(verificationHistory(wrong(4), pending()))
          .when(submit(OTHER), at(6))
          .then([
            { type: 'CodeRejected', data: { telegramUserId: TG, codeNo: 1, attempt: 5, attemptsLeft: 0, rejectedAt: iso(6) } },
            { type: 'VerificationLocked', data: { telegramUserId: TG, lockedAt: iso(6), lockedUntil: iso(36), failedAttempts: 5, invalidatedCodeNo: 1 } },
          ]);
      });

      it('while locked every command is refused - even the right code - and nothing is counted', () => {
        const locked = verificationHistory(wrong(5), pending()); // locked at minute 5 until 35
        for (const minute of [5, 6, 20, 34.99]) {
          spec
            .given(locked)
            .when(submit(CODE), at(minute))
            .thenThrows('identity.verification_locked', { lockedUntil: iso(35) });
          spec
            .given(locked)
            .when(requestCode('222222'), at(minute))
            .thenThrows('identity.verification_locked', { lockedUntil: iso(35) });
          spec.given(locked).when(start, at(minute)).thenThrows('identity.verification_locked');
        }
        expect(view(locked, 20)).toMatchObject({ step: 'locked', lockedUntil: iso(35), attemptsLeft: 0, codeExpiresAt: null });
      });

      it('when the lock expires the user starts afresh: new code, full attempts; the old code stays void', () => {
        const locked = verificationHistory(wrong(5), pending());
        expect(view(locked, 35)).toMatchObject({ step: 'awaiting_email', lockedUntil: null, attemptsLeft: 5 });
        spec.given(locked).when(submit(CODE), at(35)).thenThrows('identity.no_active_code');
        const renewed = verificationHistory([[requestCode(OTHER), 35]], locked);
        spec
          .given(renewed)
          .when(submit(CODE), at(36))
          .then([{ type: 'CodeRejected', data: { telegramUserId: TG, codeNo: 2, attempt: 1, attemptsLeft: 4, rejectedAt: iso(36) } }]);
        expect(verificationDecider.decide(stateOf(renewed), submit(OTHER), at(36))[0].type).toBe('VerificationSucceeded');
      });

      it('a new code does not reset the count (no fresh guesses per resend)', () => {
        const given = verificationHistory([...wrong(4), [requestCode(OTHER), 5]], pending());
        spec
          .given(given)
          .when(submit('999999'), at(6))
          .then([
            { type: 'CodeRejected', data: { telegramUserId: TG, codeNo: 2, attempt: 5, attemptsLeft: 0, rejectedAt: iso(6) } },
            { type: 'VerificationLocked', data: { telegramUserId: TG, lockedAt: iso(6), lockedUntil: iso(36), failedAttempts: 5, invalidatedCodeNo: 2 } },
          ]);
      });

      it('nor does cancelling and starting again', () => {
        const given = verificationHistory([...wrong(4), [cancel, 5], [start, 5], [requestCode(OTHER), 6]], pending());
        expect(verificationDecider.decide(stateOf(given), submit('999999'), at(7)).map((e) => e.type)).toEqual(['CodeRejected', 'VerificationLocked']);
      });

      it('wrong codes are forgotten 30 minutes after the last one', () => {
        const given = verificationHistory([...wrong(4), [requestCode(OTHER), 30]], pending()); // last failure at minute 4
        spec
          .given(given)
          .when(submit('999999'), at(33))
          .then([
            { type: 'CodeRejected', data: { telegramUserId: TG, codeNo: 2, attempt: 5, attemptsLeft: 0, rejectedAt: iso(33) } },
            { type: 'VerificationLocked', data: { telegramUserId: TG, lockedAt: iso(33), lockedUntil: iso(63), failedAttempts: 5, invalidatedCodeNo: 2 } },
          ]);
        spec
          .given(given)
          .when(submit('999999'), at(34))
          .then([{ type: 'CodeRejected', data: { telegramUserId: TG, codeNo: 2, attempt: 1, attemptsLeft: 4, rejectedAt: iso(34) } }]);
      });

      it('a success resets the count', () => {
        const given = verificationHistory([...wrong(4), [submit(CODE), 5], [requestCode(OTHER), 6]], pending());
        expect(view(given, 6)).toMatchObject({ attemptsLeft: 5 });
      });

      it('follows the configured limits', () => {
        const strict = createVerificationDecider({ policy: resolveIdentityPolicy({ ...POLICY, maxAttempts: 2, lockMinutes: 5 }), hashCode: testHash });
        deciderSpec(strict)
          .given(history2(strict))
          .when(submit(OTHER), at(2))
          .then([
            { type: 'CodeRejected', data: { telegramUserId: TG, codeNo: 1, attempt: 2, attemptsLeft: 0, rejectedAt: iso(2) } },
            { type: 'VerificationLocked', data: { telegramUserId: TG, lockedAt: iso(2), lockedUntil: iso(7), failedAttempts: 2, invalidatedCodeNo: 1 } },
          ]);
        function history2(d: typeof strict) {
          let s = d.initialState;
          const out: VerificationEvent[] = [];
          for (const [c, m] of [
            [requestCode(CODE), 0],
            [submit(OTHER), 1],
          ] as [VerificationCommand, number][]) {
            for (const e of d.decide(s, c, at(m))) {
              s = d.evolve(s, e);
              out.push(e);
            }
          }
          return out;
        }
      });
    });

    it('the API answer follows from the events', () => {
      expect(verifyCodeResultOf(verificationDecider.decide(stateOf(pending()), submit(CODE), at(1)))).toEqual({
        outcome: 'verified',
        attemptsLeft: 0,
        lockedUntil: null,
      });
      expect(verifyCodeResultOf(verificationDecider.decide(stateOf(pending()), submit(OTHER), at(1)))).toEqual({
        outcome: 'rejected',
        attemptsLeft: 4,
        lockedUntil: null,
      });
      const four = verificationHistory(
        [1, 2, 3, 4].map((m) => [submit(OTHER), m] as [VerificationCommand, number]),
        pending(),
      );
      expect(verifyCodeResultOf(verificationDecider.decide(stateOf(four), submit(OTHER), at(5)))).toEqual({
        outcome: 'locked',
        attemptsLeft: 0,
        lockedUntil: iso(35),
      });
    });
  });

  describe('CancelVerification', () => {
    it('voids the pending code', () => {
      spec
        .given(pending())
        .when(cancel, at(1))
        .then([{ type: 'VerificationCancelled', data: { telegramUserId: TG, cancelledAt: iso(1), invalidatedCodeNo: 1 } }]);
      const given = verificationHistory([[cancel, 1]], pending());
      spec.given(given).when(submit(CODE), at(2)).thenThrows('identity.no_active_code');
      expect(view(given, 2)).toMatchObject({ step: 'idle', email: null, codeExpiresAt: null });
    });
    it('writes nothing when nothing is in progress', () => spec.given([]).when(cancel, T0).then([]));
  });

  /* ------------------------------------------------------------------------------------------
   * Never reveal whether an e-mail is in the directory: an active employee's address, a
   * dismissed employee's address and an address nobody has must look the same to the user.
   * ---------------------------------------------------------------------------------------- */
  describe('indistinguishable outcomes for unknown and inactive addresses', () => {
    const cases: [string, DirectoryMatch, string][] = [
      ['an active employee', ANNA, 'anna.ivanova@example.com'],
      ['a dismissed employee', { employeeId: 'e-gone', active: false }, 'anna.ivanova@example.com'],
      ['nobody', null, 'anna.ivanova@example.com'],
    ];
    type Observation = { view?: unknown; error?: unknown; result?: unknown };
    /** Everything the user can observe along one script: the API answer after each step (view, outcome or error). */
    function observe(recipient: DirectoryMatch, email: string, script: [VerificationCommand | 'request', number][]): Observation[] {
      let state = verificationDecider.initialState;
      const seen: Observation[] = [];
      for (const [step, minute] of script) {
        const command = step === 'request' ? requestCode(CODE, recipient, email) : step;
        try {
          const events = verificationDecider.decide(state, command, at(minute));
          for (const e of events) state = verificationDecider.evolve(state, e);
          seen.push({
            view: verificationStatusOf(state, TG, at(minute), POLICY),
            result: command.type === 'SubmitVerificationCode' ? verifyCodeResultOf(events) : undefined,
          });
        } catch (e) {
          seen.push({ error: plainError(e as DomainError), view: verificationStatusOf(state, TG, at(minute), POLICY) });
        }
      }
      return seen;
    }

    it('the code request is decided the same way; only the internal recipient differs', () => {
      const [known, inactive, unknown] = cases.map(([, r, email]) => verificationDecider.decide(stateOf([started()]), requestCode(CODE, r, email), T0));
      const strip = (events: VerificationEvent[]) => events.map((e) => ({ ...e, data: { ...e.data, employeeId: undefined, suppressed: undefined } }));
      expect(strip(inactive)).toEqual(strip(known));
      expect(strip(unknown)).toEqual(strip(known));
      expect(inactive[0].data).toMatchObject({ employeeId: null, suppressed: 'employee_inactive' });
      expect(unknown[0].data).toMatchObject({ employeeId: null, suppressed: 'unknown_email' });
      expect(known[0].data).toMatchObject({ employeeId: 'e-anna', suppressed: null });
    });

    it('every answer along a script of wrong codes, resends, lock and its expiry is identical', () => {
      const script: [VerificationCommand | 'request', number][] = [
        [start, 0],
        ['request', 0],
        [submit('000001'), 1],
        [submit('abc'), 1],
        ['request', 2],
        ['request', 3],
        ['request', 4],
        ['request', 5], // over the limit
        [submit('000002'), 6],
        [submit('000003'), 7],
        [submit('000004'), 8],
        [submit('000005'), 9], // locks
        [submit('000006'), 10], // locked until 39
        ['request', 20],
        [start, 21],
        ['request', 39], // lock over, but 4 codes in the hour until 60
        [submit('000007'), 45], // the lock voided the code
        ['request', 60],
        [submit('000008'), 70.5], // expired
        ['request', 71],
        [submit('000009'), 72], // failures forgotten: attempt 1 again
        [cancel, 73],
      ];
      const [known, ...others] = cases.map(([, r, email]) => observe(r, email, script));
      for (const other of others) expect(other).toEqual(known);
      // The script did exercise the interesting answers.
      const errors = known.map((o) => (o.error as { code?: string } | undefined)?.code).filter(Boolean);
      expect(errors).toEqual(
        expect.arrayContaining([
          'identity.invalid_code_format',
          'identity.too_many_codes',
          'identity.verification_locked',
          'identity.no_active_code',
          'identity.code_expired',
        ]),
      );
    });

    it('the code passed in for an unknown address never verifies (nobody could have received it)', () => {
      for (const [, recipient] of cases.slice(1)) {
        const given = verificationHistory([[requestCode(CODE, recipient), 0]]);
        spec
          .given(given)
          .when(submit(CODE), at(1))
          .then([{ type: 'CodeRejected', data: { telegramUserId: TG, codeNo: 1, attempt: 1, attemptsLeft: 4, rejectedAt: iso(1) } }]);
      }
    });
  });
});

/**
 * Compares a submitted secret with the expected one without stopping at the
 * first difference: the loop always runs over every character of `expected`
 * and folds the differences together with OR, so the time taken does not tell
 * an attacker how many leading characters were right.
 *
 * Lengths are not secret (the code length is in the policy, hashes have a
 * fixed length): different lengths give false, still after the full loop
 * over `expected`. Characters of `submitted` beyond its end read as NaN,
 * which `| 0` turns into 0 - no branch on the content either way.
 *
 * Plain TypeScript (the domain may not use node:crypto.timingSafeEqual). A
 * JIT gives no hard guarantee, but there is no data-dependent early exit;
 * and what is compared here are keyed hashes, not the codes themselves.
 */
export function constantTimeEqual(submitted: string, expected: string): boolean {
  let diff = submitted.length ^ expected.length;
  for (let i = 0; i < expected.length; i++) {
    diff |= (submitted.charCodeAt(i) | 0) ^ expected.charCodeAt(i);
  }
  return diff === 0;
}

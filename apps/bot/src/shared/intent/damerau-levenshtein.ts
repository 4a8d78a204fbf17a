/**
 * Damerau–Levenshtein distance, restricted form (optimal string alignment):
 * insertions, deletions, substitutions and transpositions of two adjacent
 * characters each cost 1, and no substring is edited twice - which is what a
 * single typo is. Works on code points.
 *
 * With `max`, gives up early and returns `max + 1` as soon as the distance is
 * known to exceed `max`.
 */
export function damerauLevenshtein(a: string, b: string, max = Number.POSITIVE_INFINITY): number {
  if (a === b) return 0;
  const s = Array.from(a);
  const t = Array.from(b);
  const n = s.length;
  const m = t.length;
  if (Math.abs(n - m) > max) return max + 1;
  if (n === 0) return m > max ? max + 1 : m;
  if (m === 0) return n > max ? max + 1 : n;

  let before = new Array<number>(m + 1).fill(0); // row i-2
  let prev = new Array<number>(m + 1); // row i-1
  let cur = new Array<number>(m + 1); // row i
  for (let j = 0; j <= m; j++) prev[j] = j;
  for (let i = 1; i <= n; i++) {
    cur[0] = i;
    let rowMin = i;
    for (let j = 1; j <= m; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      let d = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) d = Math.min(d, before[j - 2] + 1);
      cur[j] = d;
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > max) return max + 1;
    [before, prev, cur] = [prev, cur, before];
  }
  const d = prev[m];
  return d > max ? max + 1 : d;
}

/**
 * Columnar building blocks of the embedded index: slots are small integers, every per-chunk figure lives in a typed
 * array indexed by slot, and lists of slots are typed arrays that grow by doubling - no per-chunk objects or Maps on
 * the search path.
 */

/** A posting list: slots and one number per slot (a term frequency, a 3-gram weight), appended in slot order. */
export class Posting {
  slots = new Int32Array(4);
  values = new Float32Array(4);
  length = 0;

  push(slot: number, value: number): void {
    if (this.length === this.slots.length) {
      this.slots = grow(this.slots, this.length * 2);
      this.values = grow(this.values, this.length * 2);
    }
    this.slots[this.length] = slot;
    this.values[this.length++] = value;
  }

  /** Keeps the entries whose slot maps to a new one (remap[slot] >= 0), renumbered. */
  remap(remap: Int32Array): void {
    let j = 0;
    for (let i = 0; i < this.length; i++) {
      const to = remap[this.slots[i]];
      if (to < 0) continue;
      this.slots[j] = to;
      this.values[j++] = this.values[i];
    }
    this.length = j;
  }
}

export function grow<T extends Int32Array | Float32Array | Float64Array | Uint8Array>(array: T, size: number): T {
  const out = new (array.constructor as new (n: number) => T)(size);
  out.set(array);
  return out;
}

/**
 * The k best (slot, score) pairs, best first; ties go to the lower slot. A bounded min-heap in two typed arrays:
 * `push` is O(1) for the many candidates that do not beat the worst kept one.
 */
export class TopK {
  private readonly ids: Int32Array;
  private readonly scores: Float64Array;
  size = 0;

  constructor(readonly k: number) {
    this.ids = new Int32Array(k);
    this.scores = new Float64Array(k);
  }

  /** The score a candidate must beat to be kept (-Infinity while not full). */
  get floor(): number {
    return this.size < this.k ? -Infinity : this.scores[0];
  }

  push(id: number, score: number): void {
    if (this.size < this.k) {
      let i = this.size++;
      while (i > 0) {
        const p = (i - 1) >> 1;
        if (!this.worse(id, score, this.ids[p], this.scores[p])) break;
        this.ids[i] = this.ids[p];
        this.scores[i] = this.scores[p];
        i = p;
      }
      this.ids[i] = id;
      this.scores[i] = score;
    } else if (this.worse(this.ids[0], this.scores[0], id, score)) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= this.size) break;
        const r = l + 1;
        const m = r < this.size && this.worse(this.ids[r], this.scores[r], this.ids[l], this.scores[l]) ? r : l;
        if (!this.worse(this.ids[m], this.scores[m], id, score)) break;
        this.ids[i] = this.ids[m];
        this.scores[i] = this.scores[m];
        i = m;
      }
      this.ids[i] = id;
      this.scores[i] = score;
    }
  }

  /** Best first. */
  sorted(): [number, number][] {
    const out: [number, number][] = [];
    for (let i = 0; i < this.size; i++) out.push([this.ids[i], this.scores[i]]);
    return out.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  }

  private worse(aId: number, aScore: number, bId: number, bScore: number): boolean {
    return aScore < bScore || (aScore === bScore && aId > bId);
  }
}

/** The k best of the positive entries among the first n of a dense score array (0 = not a candidate). */
export function topOfDense(scores: Float64Array, n: number, k: number): [number, number][] {
  const top = new TopK(k);
  for (let i = 0; i < n; i++) {
    const s = scores[i];
    if (s > 0 && s >= top.floor) top.push(i, s);
  }
  return top.sorted();
}

export function dotAt(q: Float32Array, data: Float32Array, offset: number): number {
  const n = q.length;
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let i = 0;
  for (; i + 3 < n; i += 4) {
    s0 += q[i] * data[offset + i];
    s1 += q[i + 1] * data[offset + i + 1];
    s2 += q[i + 2] * data[offset + i + 2];
    s3 += q[i + 3] * data[offset + i + 3];
  }
  for (; i < n; i++) s0 += q[i] * data[offset + i];
  return s0 + s1 + s2 + s3;
}

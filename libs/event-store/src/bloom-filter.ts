/**
 * A fixed-size Bloom filter of strings: "maybe seen" or "never seen", in `bits / 8` bytes whatever is added.
 * With the defaults (2^23 bits = 1 MiB, 7 hashes) the false-positive rate stays under 0.1 % up to ~400,000
 * entries and under 2 % at 1,000,000; a false positive only costs the caller a look at the store.
 */
export class BloomFilter {
  private readonly words: Uint32Array;
  private readonly mask: number;
  size = 0;

  constructor(
    /** A power of two. */
    readonly bits = 1 << 23,
    readonly hashes = 7,
  ) {
    if (bits < 32 || (bits & (bits - 1)) !== 0) throw new RangeError(`BloomFilter: bits must be a power of two ≥ 32, not ${bits}`);
    this.words = new Uint32Array(bits >>> 5);
    this.mask = bits - 1;
  }

  add(key: string): void {
    const [h1, h2] = hashPair(key);
    for (let i = 0; i < this.hashes; i++) {
      const bit = (h1 + Math.imul(i, h2)) & this.mask;
      this.words[bit >>> 5] |= 1 << (bit & 31);
    }
    this.size++;
  }

  mightContain(key: string): boolean {
    const [h1, h2] = hashPair(key);
    for (let i = 0; i < this.hashes; i++) {
      const bit = (h1 + Math.imul(i, h2)) & this.mask;
      if ((this.words[bit >>> 5] & (1 << (bit & 31))) === 0) return false;
    }
    return true;
  }
}

/** Two independent 32-bit FNV-1a hashes (different offset bases) for double hashing; the second made odd. */
function hashPair(key: string): [number, number] {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  return [a >>> 0, (b | 1) >>> 0];
}

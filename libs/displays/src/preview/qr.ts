/**
 * QR Code encoder of the display (firmware/core/qr.cpp): byte mode, ECC L
 * or M, versions 1-5, the mask with the lowest ISO/IEC 18004 penalty. A
 * straight port, so the preview draws the same modules as the panel.
 */
export type QrEcc = 'L' | 'M';
export const QR_MAX_VERSION = 5;

export interface QrCode {
  version: number;
  size: number;
  mask: number;
  ecc: QrEcc;
  /** Row-major, true = dark. */
  modules: boolean[][];
}

const TOTAL_CODEWORDS = [0, 26, 44, 70, 100, 134];
const EC_PER_BLOCK = { L: [0, 7, 10, 15, 20, 26], M: [0, 10, 16, 26, 18, 24] };
const BLOCKS = { L: [0, 1, 1, 1, 1, 1], M: [0, 1, 1, 1, 2, 2] };

const dataCodewords = (version: number, ecc: QrEcc) => TOTAL_CODEWORDS[version] - EC_PER_BLOCK[ecc][version] * BLOCKS[ecc][version];

/** Largest byte-mode payload of a version and level. */
export const qrCapacity = (version: number, ecc: QrEcc) => (version < 1 || version > QR_MAX_VERSION ? 0 : dataCodewords(version, ecc) - 2);

function gfMul(a: number, b: number): number {
  let r = 0;
  let x = a;
  for (let i = 0; i < 8; i++) {
    if (b & (1 << i)) r ^= x;
    x <<= 1;
    if (x & 0x100) x ^= 0x11d;
  }
  return r & 0xff;
}

function rsRemainder(data: number[], degree: number): number[] {
  const gen = new Array<number>(degree).fill(0);
  gen[degree - 1] = 1;
  let root = 1;
  for (let i = 0; i < degree; i++) {
    for (let j = 0; j < degree; j++) {
      gen[j] = gfMul(gen[j], root);
      if (j + 1 < degree) gen[j] ^= gen[j + 1];
    }
    root = gfMul(root, 2);
  }
  const out = new Array<number>(degree).fill(0);
  for (const d of data) {
    const factor = d ^ out[0];
    out.shift();
    out.push(0);
    for (let j = 0; j < degree; j++) out[j] ^= gfMul(gen[j], factor);
  }
  return out;
}

class Matrix {
  dark: boolean[][];
  fn: boolean[][];
  constructor(readonly size: number) {
    this.dark = Array.from({ length: size }, () => new Array<boolean>(size).fill(false));
    this.fn = Array.from({ length: size }, () => new Array<boolean>(size).fill(false));
  }
  put(x: number, y: number, d: boolean) {
    this.dark[y][x] = d;
    this.fn[y][x] = true;
  }
}

function maskBit(mask: number, x: number, y: number): boolean {
  switch (mask) {
    case 0:
      return (x + y) % 2 === 0;
    case 1:
      return y % 2 === 0;
    case 2:
      return x % 3 === 0;
    case 3:
      return (x + y) % 3 === 0;
    case 4:
      return (Math.floor(x / 3) + Math.floor(y / 2)) % 2 === 0;
    case 5:
      return ((x * y) % 2) + ((x * y) % 3) === 0;
    case 6:
      return (((x * y) % 2) + ((x * y) % 3)) % 2 === 0;
    default:
      return (((x + y) % 2) + ((x * y) % 3)) % 2 === 0;
  }
}

function drawFormat(m: Matrix, ecc: QrEcc, mask: number): void {
  const data = ((ecc === 'L' ? 1 : 0) << 3) | mask;
  let rem = data;
  for (let i = 0; i < 10; i++) rem = (rem << 1) ^ ((rem >> 9) * 0x537);
  const bits = ((data << 10) | rem) ^ 0x5412;
  const bit = (i: number) => ((bits >> i) & 1) !== 0;
  const n = m.size;
  for (let i = 0; i <= 5; i++) m.put(8, i, bit(i));
  m.put(8, 7, bit(6));
  m.put(8, 8, bit(7));
  m.put(7, 8, bit(8));
  for (let i = 9; i < 15; i++) m.put(14 - i, 8, bit(i));
  for (let i = 0; i < 8; i++) m.put(n - 1 - i, 8, bit(i));
  for (let i = 8; i < 15; i++) m.put(8, n - 15 + i, bit(i));
  m.put(8, n - 8, true);
}

function drawFunctionPatterns(m: Matrix, version: number): void {
  const n = m.size;
  for (let i = 0; i < n; i++) {
    m.put(6, i, i % 2 === 0);
    m.put(i, 6, i % 2 === 0);
  }
  for (const [cx, cy] of [
    [3, 3],
    [n - 4, 3],
    [3, n - 4],
  ]) {
    for (let dy = -4; dy <= 4; dy++) {
      for (let dx = -4; dx <= 4; dx++) {
        const x = cx + dx;
        const y = cy + dy;
        if (x < 0 || y < 0 || x >= n || y >= n) continue;
        const dist = Math.max(Math.abs(dx), Math.abs(dy));
        m.put(x, y, dist !== 2 && dist !== 4);
      }
    }
  }
  if (version >= 2) {
    const a = n - 7;
    for (let dy = -2; dy <= 2; dy++) for (let dx = -2; dx <= 2; dx++) m.put(a + dx, a + dy, Math.max(Math.abs(dx), Math.abs(dy)) !== 1);
  }
  drawFormat(m, 'L', 0);
}

function drawCodewords(m: Matrix, cw: number[]): void {
  const n = m.size;
  let i = 0;
  for (let right = n - 1; right >= 1; right -= 2) {
    if (right === 6) right = 5;
    const upward = ((right + 1) & 2) === 0;
    for (let vert = 0; vert < n; vert++) {
      const y = upward ? n - 1 - vert : vert;
      for (let j = 0; j < 2; j++) {
        const x = right - j;
        if (m.fn[y][x]) continue;
        m.dark[y][x] = i < cw.length * 8 ? ((cw[i >> 3] >> (7 - (i & 7))) & 1) !== 0 : false;
        i++;
      }
    }
  }
}

function applyMask(m: Matrix, mask: number): void {
  for (let y = 0; y < m.size; y++) for (let x = 0; x < m.size; x++) if (!m.fn[y][x] && maskBit(mask, x, y)) m.dark[y][x] = !m.dark[y][x];
}

const FINDER_A = [1, 0, 1, 1, 1, 0, 1, 0, 0, 0, 0].map(Boolean);
const FINDER_B = [0, 0, 0, 0, 1, 0, 1, 1, 1, 0, 1].map(Boolean);

/** The mask penalty of a finished symbol (N1 runs, N2 blocks, N3 finder-like, N4 balance). */
export function qrPenalty(dark: boolean[][]): number {
  const n = dark.length;
  const get = (x: number, y: number) => dark[y][x];
  let score = 0;
  for (let pass = 0; pass < 2; pass++) {
    for (let a = 0; a < n; a++) {
      let run = 1;
      for (let b = 1; b <= n; b++) {
        const same = b < n && (pass ? get(a, b) === get(a, b - 1) : get(b, a) === get(b - 1, a));
        if (same) {
          run++;
          continue;
        }
        if (run >= 5) score += 3 + (run - 5);
        run = 1;
      }
      for (let b = 0; b + 11 <= n; b++) {
        let ma = true;
        let mb = true;
        for (let k = 0; k < 11; k++) {
          const v = pass ? get(a, b + k) : get(b + k, a);
          ma = ma && v === FINDER_A[k];
          mb = mb && v === FINDER_B[k];
        }
        score += (ma ? 40 : 0) + (mb ? 40 : 0);
      }
    }
  }
  let count = 0;
  for (let y = 0; y < n; y++) {
    for (let x = 0; x < n; x++) {
      if (get(x, y)) count++;
      if (x + 1 < n && y + 1 < n) {
        const c = get(x, y);
        if (get(x + 1, y) === c && get(x, y + 1) === c && get(x + 1, y + 1) === c) score += 3;
      }
    }
  }
  const total = n * n;
  const dev = count * 20 - total * 10;
  score += 10 * Math.trunc(Math.abs(dev) / total);
  return score;
}

/** Encodes bytes in the smallest version that fits; null if more than version 5 holds. */
export function qrEncode(data: Uint8Array, ecc: QrEcc = 'L', forceMask = -1): QrCode | null {
  let version = 1;
  while (version <= QR_MAX_VERSION && qrCapacity(version, ecc) < data.length) version++;
  if (version > QR_MAX_VERSION || forceMask > 7) return null;
  const cap = dataCodewords(version, ecc);
  const cw = new Array<number>(cap).fill(0);
  let bitlen = 0;
  const append = (value: number, count: number) => {
    for (let i = count - 1; i >= 0; i--, bitlen++) if ((value >> i) & 1) cw[bitlen >> 3] |= 0x80 >> (bitlen & 7);
  };
  append(0x4, 4);
  append(data.length, 8);
  for (const b of data) append(b, 8);
  const room = cap * 8 - bitlen;
  append(0, Math.min(room, 4));
  bitlen = Math.ceil(bitlen / 8) * 8;
  for (let pad = 0; bitlen < cap * 8; pad ^= 1) append(pad ? 0x11 : 0xec, 8);

  const blocks = BLOCKS[ecc][version];
  const ec = EC_PER_BLOCK[ecc][version];
  const perBlock = cap / blocks;
  const ecw = Array.from({ length: blocks }, (_, b) => rsRemainder(cw.slice(b * perBlock, (b + 1) * perBlock), ec));
  const all: number[] = [];
  for (let i = 0; i < perBlock; i++) for (let b = 0; b < blocks; b++) all.push(cw[b * perBlock + i]);
  for (let i = 0; i < ec; i++) for (let b = 0; b < blocks; b++) all.push(ecw[b][i]);

  const m = new Matrix(17 + 4 * version);
  drawFunctionPatterns(m, version);
  drawCodewords(m, all);
  let best = forceMask;
  let bestScore = 0;
  for (let candidate = 0; candidate < 8 && forceMask < 0; candidate++) {
    applyMask(m, candidate);
    drawFormat(m, ecc, candidate);
    const score = qrPenalty(m.dark);
    if (best < 0 || score < bestScore) {
      best = candidate;
      bestScore = score;
    }
    applyMask(m, candidate);
  }
  applyMask(m, best);
  drawFormat(m, ecc, best);
  return { version, size: m.size, mask: best, ecc, modules: m.dark.map((row) => [...row]) };
}

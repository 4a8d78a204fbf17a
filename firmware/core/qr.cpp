#include "qr.h"

#include <cstring>

namespace rd {
namespace {

// Per version 1..5: total codewords, and EC codewords per block / block
// count for L and M (ISO/IEC 18004 table 9). Blocks are equal-sized here.
const int kTotalCodewords[6] = {0, 26, 44, 70, 100, 134};
const int kEcPerBlock[2][6] = {{0, 7, 10, 15, 20, 26}, {0, 10, 16, 26, 18, 24}};
const int kBlocks[2][6] = {{0, 1, 1, 1, 1, 1}, {0, 1, 1, 1, 2, 2}};
constexpr int kMaxCodewords = 134;

int ecc_index(QrEcc e) { return e == QrEcc::L ? 0 : 1; }

int data_codewords(int version, QrEcc e) {
  const int i = ecc_index(e);
  return kTotalCodewords[version] - kEcPerBlock[i][version] * kBlocks[i][version];
}

uint8_t gf_mul(uint8_t a, uint8_t b) {  // GF(2^8) modulo x^8+x^4+x^3+x^2+1
  unsigned r = 0, x = a;
  for (int i = 0; i < 8; ++i) {
    if (b & (1u << i)) r ^= x;
    x <<= 1;
    if (x & 0x100) x ^= 0x11D;
  }
  return static_cast<uint8_t>(r);
}

// Reed-Solomon remainder of data (n bytes) for `degree` EC codewords.
void rs_remainder(const uint8_t* data, int n, int degree, uint8_t* out) {
  uint8_t gen[32] = {};  // generator coefficients, highest power first, monic dropped
  gen[degree - 1] = 1;
  uint8_t root = 1;
  for (int i = 0; i < degree; ++i) {  // multiply by (x - 2^i)
    for (int j = 0; j < degree; ++j) {
      gen[j] = gf_mul(gen[j], root);
      if (j + 1 < degree) gen[j] ^= gen[j + 1];
    }
    root = gf_mul(root, 2);
  }
  std::memset(out, 0, static_cast<size_t>(degree));
  for (int i = 0; i < n; ++i) {
    const uint8_t factor = data[i] ^ out[0];
    std::memmove(out, out + 1, static_cast<size_t>(degree - 1));
    out[degree - 1] = 0;
    for (int j = 0; j < degree; ++j) out[j] ^= gf_mul(gen[j], factor);
  }
}

struct Matrix {
  int size;
  bool dark[kQrMaxSize][kQrMaxSize];
  bool function[kQrMaxSize][kQrMaxSize];
  void put(int x, int y, bool d) {
    dark[y][x] = d;
    function[y][x] = true;
  }
};

bool mask_bit(int mask, int x, int y) {
  switch (mask) {
    case 0: return (x + y) % 2 == 0;
    case 1: return y % 2 == 0;
    case 2: return x % 3 == 0;
    case 3: return (x + y) % 3 == 0;
    case 4: return (x / 3 + y / 2) % 2 == 0;
    case 5: return x * y % 2 + x * y % 3 == 0;
    case 6: return (x * y % 2 + x * y % 3) % 2 == 0;
    default: return ((x + y) % 2 + x * y % 3) % 2 == 0;
  }
}

void draw_format(Matrix& m, QrEcc ecc, int mask) {
  const int data = ((ecc == QrEcc::L ? 1 : 0) << 3) | mask;
  int rem = data;
  for (int i = 0; i < 10; ++i) rem = (rem << 1) ^ ((rem >> 9) * 0x537);
  const int bits = ((data << 10) | rem) ^ 0x5412;
  auto bit = [bits](int i) { return ((bits >> i) & 1) != 0; };
  const int n = m.size;
  for (int i = 0; i <= 5; ++i) m.put(8, i, bit(i));  // around the top-left finder
  m.put(8, 7, bit(6));
  m.put(8, 8, bit(7));
  m.put(7, 8, bit(8));
  for (int i = 9; i < 15; ++i) m.put(14 - i, 8, bit(i));
  for (int i = 0; i < 8; ++i) m.put(n - 1 - i, 8, bit(i));  // second copy
  for (int i = 8; i < 15; ++i) m.put(8, n - 15 + i, bit(i));
  m.put(8, n - 8, true);  // the always-dark module
}

void draw_function_patterns(Matrix& m, int version) {
  const int n = m.size;
  for (int i = 0; i < n; ++i) {
    m.put(6, i, i % 2 == 0);  // timing patterns
    m.put(i, 6, i % 2 == 0);
  }
  const int centers[3][2] = {{3, 3}, {n - 4, 3}, {3, n - 4}};
  for (const auto& c : centers) {  // finders with their light separators
    for (int dy = -4; dy <= 4; ++dy) {
      for (int dx = -4; dx <= 4; ++dx) {
        const int x = c[0] + dx, y = c[1] + dy;
        if (x < 0 || y < 0 || x >= n || y >= n) continue;
        const int adx = dx < 0 ? -dx : dx, ady = dy < 0 ? -dy : dy;
        const int dist = adx > ady ? adx : ady;
        m.put(x, y, dist != 2 && dist != 4);
      }
    }
  }
  if (version >= 2) {  // versions 2-6 have one alignment pattern
    const int a = n - 7;
    for (int dy = -2; dy <= 2; ++dy)
      for (int dx = -2; dx <= 2; ++dx) {
        const int adx = dx < 0 ? -dx : dx, ady = dy < 0 ? -dy : dy;
        m.put(a + dx, a + dy, (adx > ady ? adx : ady) != 1);
      }
  }
  draw_format(m, QrEcc::L, 0);  // reserve the format areas; redrawn later
}

void draw_codewords(Matrix& m, const uint8_t* cw, int count) {
  const int n = m.size;
  int i = 0;
  for (int right = n - 1; right >= 1; right -= 2) {
    if (right == 6) right = 5;  // skip the vertical timing column
    const bool upward = ((right + 1) & 2) == 0;
    for (int vert = 0; vert < n; ++vert) {
      const int y = upward ? n - 1 - vert : vert;
      for (int j = 0; j < 2; ++j) {
        const int x = right - j;
        if (m.function[y][x]) continue;
        bool d = false;  // remainder bits are light
        if (i < count * 8) d = ((cw[i >> 3] >> (7 - (i & 7))) & 1) != 0;
        m.dark[y][x] = d;
        ++i;
      }
    }
  }
}

void apply_mask(Matrix& m, int mask) {
  for (int y = 0; y < m.size; ++y)
    for (int x = 0; x < m.size; ++x)
      if (!m.function[y][x] && mask_bit(mask, x, y)) m.dark[y][x] = !m.dark[y][x];
}

template <typename Get>
int penalty_of(int n, Get get) {
  int score = 0;
  for (int pass = 0; pass < 2; ++pass) {  // rows, then columns
    for (int a = 0; a < n; ++a) {
      int run = 1;
      for (int b = 1; b <= n; ++b) {  // N1: runs of 5+ same-colour modules
        const bool same = b < n && (pass ? get(a, b) == get(a, b - 1) : get(b, a) == get(b - 1, a));
        if (same) { ++run; continue; }
        if (run >= 5) score += 3 + (run - 5);
        run = 1;
      }
      static const bool kFinderA[11] = {1, 0, 1, 1, 1, 0, 1, 0, 0, 0, 0};
      static const bool kFinderB[11] = {0, 0, 0, 0, 1, 0, 1, 1, 1, 0, 1};
      for (int b = 0; b + 11 <= n; ++b) {  // N3: finder-like 1:1:3:1:1
        bool ma = true, mb = true;
        for (int k = 0; k < 11; ++k) {
          const bool v = pass ? get(a, b + k) : get(b + k, a);
          ma = ma && v == kFinderA[k];
          mb = mb && v == kFinderB[k];
        }
        score += (ma ? 40 : 0) + (mb ? 40 : 0);
      }
    }
  }
  int dark = 0;
  for (int y = 0; y < n; ++y)
    for (int x = 0; x < n; ++x) {
      dark += get(x, y);
      if (x + 1 < n && y + 1 < n) {  // N2: 2x2 blocks
        const bool c = get(x, y);
        if (get(x + 1, y) == c && get(x, y + 1) == c && get(x + 1, y + 1) == c) score += 3;
      }
    }
  const int total = n * n;
  const int dev = dark * 20 - total * 10;  // N4: balance, per 5 % step
  score += 10 * ((dev < 0 ? -dev : dev) / total);
  return score;
}

void store(const Matrix& m, QrCode& out) {
  std::memset(out.bits, 0, sizeof out.bits);
  for (int y = 0; y < m.size; ++y)
    for (int x = 0; x < m.size; ++x)
      if (m.dark[y][x]) {
        const int i = y * m.size + x;
        out.bits[i >> 3] = static_cast<uint8_t>(out.bits[i >> 3] | (0x80u >> (i & 7)));
      }
}

}  // namespace

bool QrCode::dark(int x, int y) const {
  if (x < 0 || y < 0 || x >= size || y >= size) return false;
  const int i = y * size + x;
  return (bits[i >> 3] >> (7 - (i & 7))) & 1;
}

int qr_capacity(int version, QrEcc ecc) {
  if (version < 1 || version > kQrMaxVersion) return 0;
  return data_codewords(version, ecc) - 2;  // 4-bit mode + 8-bit count header
}

int qr_penalty(const QrCode& code) {
  return penalty_of(code.size, [&code](int x, int y) { return code.dark(x, y); });
}

bool qr_encode(const uint8_t* data, size_t len, QrEcc ecc, QrCode& out, int mask) {
  out = QrCode();
  int version = 1;
  while (version <= kQrMaxVersion && static_cast<size_t>(qr_capacity(version, ecc)) < len) ++version;
  if (version > kQrMaxVersion || mask > 7) return false;

  // Data bit stream: mode 0100, 8-bit length, bytes, terminator, pad.
  const int cap = data_codewords(version, ecc);
  uint8_t cw[kMaxCodewords] = {};
  int bitlen = 0;
  auto append = [&cw, &bitlen](unsigned value, int count) {
    for (int i = count - 1; i >= 0; --i, ++bitlen)
      if ((value >> i) & 1) cw[bitlen >> 3] = static_cast<uint8_t>(cw[bitlen >> 3] | (0x80u >> (bitlen & 7)));
  };
  append(0x4, 4);
  append(static_cast<unsigned>(len), 8);
  for (size_t i = 0; i < len; ++i) append(data[i], 8);
  const int room = cap * 8 - bitlen;
  append(0, room < 4 ? room : 4);
  bitlen = (bitlen + 7) / 8 * 8;
  for (int pad = 0; bitlen < cap * 8; pad ^= 1) append(pad ? 0x11 : 0xEC, 8);

  // Split into blocks, add EC codewords, interleave.
  const int ei = ecc_index(ecc);
  const int blocks = kBlocks[ei][version], ec = kEcPerBlock[ei][version];
  const int per_block = cap / blocks;
  uint8_t ecw[2][32];
  for (int b = 0; b < blocks; ++b) rs_remainder(cw + b * per_block, per_block, ec, ecw[b]);
  uint8_t all[kMaxCodewords];
  int k = 0;
  for (int i = 0; i < per_block; ++i)
    for (int b = 0; b < blocks; ++b) all[k++] = cw[b * per_block + i];
  for (int i = 0; i < ec; ++i)
    for (int b = 0; b < blocks; ++b) all[k++] = ecw[b][i];

  Matrix m;
  std::memset(&m, 0, sizeof m);
  m.size = 17 + 4 * version;
  draw_function_patterns(m, version);
  draw_codewords(m, all, k);

  out.version = version;
  out.size = m.size;
  out.ecc = ecc;
  int best = mask, best_score = 0;
  for (int candidate = 0; candidate < 8 && mask < 0; ++candidate) {
    apply_mask(m, candidate);
    draw_format(m, ecc, candidate);
    store(m, out);
    const int score = qr_penalty(out);
    if (best < 0 || score < best_score) { best = candidate; best_score = score; }
    apply_mask(m, candidate);  // XOR again to undo
  }
  apply_mask(m, best);
  draw_format(m, ecc, best);
  store(m, out);
  out.mask = best;
  return true;
}

}  // namespace rd

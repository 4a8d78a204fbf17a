// Minimal QR Code encoder (ISO/IEC 18004): byte mode, ECC level L or M,
// versions 1-5 (21..37 modules, up to 106 bytes). Enough for a check-in
// deep link; fixed-size storage, no heap.
#pragma once
#include <cstddef>
#include <cstdint>

namespace rd {

enum class QrEcc : uint8_t { L, M };

constexpr int kQrMaxVersion = 5;
constexpr int kQrMaxSize = 17 + 4 * kQrMaxVersion;

struct QrCode {
  int version = 0;  // 0 = empty / encoding failed
  int size = 0;     // modules per side: 17 + 4 * version
  int mask = -1;
  QrEcc ecc = QrEcc::L;
  uint8_t bits[(kQrMaxSize * kQrMaxSize + 7) / 8] = {};
  bool dark(int x, int y) const;  // x = column, y = row; false outside
};

// Largest byte-mode payload for a version (1..5) and level.
int qr_capacity(int version, QrEcc ecc);

// Encodes data in the smallest version that fits. mask = -1 picks the
// lowest-penalty mask (0..7 forces one, for tests). Returns false (and an
// empty code) if the data does not fit version 5.
bool qr_encode(const uint8_t* data, size_t len, QrEcc ecc, QrCode& out, int mask = -1);

// The mask penalty score of a finished symbol (exposed for tests).
int qr_penalty(const QrCode& code);

}  // namespace rd

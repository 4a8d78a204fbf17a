// QR encoder: exact match against matrices from an independent encoder,
// structural checks, capacity limits, and a real decode by zbarimg when
// it is installed (apt-get install zbar-tools).
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "../core/frame.h"
#include "../core/layout.h"
#include "../core/payload.h"
#include "../core/qr.h"
#include "../host/png.h"
#include "../host/vectors.h"
#include "harness.h"
#include "qr_reference.inc"

using namespace rd;

namespace {

bool encode(const std::string& text, QrEcc ecc, QrCode& code, int mask = -1) {
  return qr_encode(reinterpret_cast<const uint8_t*>(text.data()), text.size(), ecc, code, mask);
}

// Reads the 15 format bits from the copy around the top-left finder.
int read_format_a(const QrCode& c) {
  int bits = 0;
  for (int i = 0; i <= 5; ++i) bits |= c.dark(8, i) << i;
  bits |= c.dark(8, 7) << 6;
  bits |= c.dark(8, 8) << 7;
  bits |= c.dark(7, 8) << 8;
  for (int i = 9; i < 15; ++i) bits |= c.dark(14 - i, 8) << i;
  return bits;
}

int read_format_b(const QrCode& c) {
  int bits = 0;
  for (int i = 0; i < 8; ++i) bits |= c.dark(c.size - 1 - i, 8) << i;
  for (int i = 8; i < 15; ++i) bits |= c.dark(8, c.size - 15 + i) << i;
  return bits;
}

bool finder_at(const QrCode& c, int x0, int y0) {
  for (int y = 0; y < 7; ++y)
    for (int x = 0; x < 7; ++x) {
      const int d = std::max(std::abs(x - 3), std::abs(y - 3));
      if (c.dark(x0 + x, y0 + y) != (d != 2)) return false;
    }
  return true;
}

bool have_zbarimg() {
  FILE* p = popen("zbarimg --version 2>/dev/null", "r");
  if (!p) return false;
  char buf[64];
  const bool got = std::fgets(buf, sizeof buf, p) != nullptr;
  return pclose(p) == 0 && got;
}

std::string zbar_decode(const std::string& png) {
  const std::string cmd = "zbarimg --raw -q '" + png + "' 2>/dev/null";
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return "";
  std::string out;
  char buf[256];
  while (std::fgets(buf, sizeof buf, p)) out += buf;
  pclose(p);
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  return out;
}

}  // namespace

TEST(qr_matches_reference_matrices) {
  for (const QrReference& ref : kQrReferences) {
    QrCode c;
    CHECK(encode(ref.text, ref.ecc_m ? QrEcc::M : QrEcc::L, c, ref.mask));
    CHECK_EQ(c.version, ref.version);
    CHECK_EQ(c.size, 17 + 4 * ref.version);
    int diff = 0;
    for (int y = 0; y < c.size; ++y)
      for (int x = 0; x < c.size; ++x) diff += c.dark(x, y) != (ref.rows[y][x] == '#');
    if (diff) rd_test::fail(__FILE__, __LINE__, std::string(ref.text) + ": " + std::to_string(diff) + " modules differ");
  }
}

TEST(qr_structure_finders_timing_format) {
  QrCode c;
  CHECK(encode("https://t.me/MegaCorpRoomsBot?start=checkin_neva", QrEcc::L, c));
  CHECK_EQ(c.version, 3);
  CHECK(finder_at(c, 0, 0));
  CHECK(finder_at(c, c.size - 7, 0));
  CHECK(finder_at(c, 0, c.size - 7));
  for (int i = 8; i < c.size - 8; ++i) {
    CHECK(c.dark(i, 6) == (i % 2 == 0));
    CHECK(c.dark(6, i) == (i % 2 == 0));
  }
  CHECK(c.dark(8, c.size - 8));  // dark module
  const int a = read_format_a(c), b = read_format_b(c);
  CHECK_EQ(a, b);
  const int fmt = a ^ 0x5412;
  CHECK_EQ(fmt >> 13, 1);  // level L
  CHECK_EQ((fmt >> 10) & 7, c.mask);
  int rem = fmt >> 10;  // BCH(15,5) remainder must reproduce the low 10 bits
  for (int i = 0; i < 10; ++i) rem = (rem << 1) ^ ((rem >> 9) * 0x537);
  CHECK_EQ(rem & 0x3FF, fmt & 0x3FF);
  CHECK(c.dark(c.size - 7, c.size - 7) && !c.dark(c.size - 8, c.size - 7));  // alignment
}

TEST(qr_auto_mask_has_lowest_penalty) {
  const char* texts[] = {"hello", "https://t.me/MegaCorpRoomsBot?start=checkin_neva", "Переговорная"};
  for (const char* t : texts) {
    QrCode chosen, forced;
    CHECK(encode(t, QrEcc::M, chosen));
    const int best = qr_penalty(chosen);
    for (int m = 0; m < 8; ++m) {
      CHECK(encode(t, QrEcc::M, forced, m));
      CHECK(qr_penalty(forced) >= best);
    }
  }
}

TEST(qr_capacity_and_limits) {
  const int l[] = {17, 32, 53, 78, 106}, m[] = {14, 26, 42, 62, 84};
  for (int v = 1; v <= 5; ++v) {
    CHECK_EQ(qr_capacity(v, QrEcc::L), l[v - 1]);
    CHECK_EQ(qr_capacity(v, QrEcc::M), m[v - 1]);
  }
  QrCode c;
  CHECK(encode(std::string(106, 'a'), QrEcc::L, c));
  CHECK_EQ(c.version, 5);
  CHECK(!encode(std::string(107, 'a'), QrEcc::L, c));
  CHECK_EQ(c.version, 0);
  CHECK(!encode(std::string(85, 'a'), QrEcc::M, c));
  CHECK(encode("", QrEcc::L, c));
  CHECK_EQ(c.version, 1);
  CHECK(!encode("x", QrEcc::L, c, 8));  // invalid mask
  CHECK(!c.dark(-1, 0) && !c.dark(0, 99));
  CHECK(static_cast<size_t>(qr_capacity(5, QrEcc::L)) >= kQrMax);  // any valid qr= fits
}

TEST(qr_decodes_with_zbarimg_when_available) {
  if (!have_zbarimg()) {
    std::printf("  note: zbarimg not installed; skipping the decode check (apt-get install zbar-tools)\n");
    return;
  }
  // Standalone symbols, 4-module quiet zone, 4 px per module.
  int n = 0;
  for (const QrReference& ref : kQrReferences) {
    QrCode c;
    CHECK(encode(ref.text, ref.ecc_m ? QrEcc::M : QrEcc::L, c));
    const int px = 4, side = (c.size + 8) * px;
    std::vector<uint8_t> black(Frame::plane_bytes(side, side)), red(black.size());
    Frame f(black.data(), red.data(), side, side);
    f.clear();
    for (int y = 0; y < c.size; ++y)
      for (int x = 0; x < c.size; ++x)
        if (c.dark(x, y)) f.fill_rect((x + 4) * px, (y + 4) * px, px, px, Color::Black);
    const std::string png = rd_test::g_out_dir + "/qr_" + std::to_string(n++) + ".png";
    CHECK(rd_host::write_frame_png(png, f));
    CHECK_STR(zbar_decode(png), ref.text);
  }
  // The whole door sign, as the camera would see it (2x upscaled like a photo).
  std::string text, err;
  rd_host::Vector v;
  CHECK(rd_host::read_file(rd_test::g_vectors_dir + "/busy_checkin.txt", text));
  CHECK(rd_host::parse_vector(text, v, err));
  static Schedule s;
  CHECK(parse_payload(v.payload.data(), v.payload.size(), s) == ParseError::None);
  static uint8_t black[400 / 8 * 300], red[400 / 8 * 300];
  Frame f(black, red, 400, 300);
  layout_schedule(f, s, DeviceInfo());
  const std::string png = rd_test::g_out_dir + "/door_checkin.png";
  CHECK(rd_host::write_frame_png(png, f, 2));
  CHECK_STR(zbar_decode(png), s.qr);
}

// Shared protocol test vectors (test/vectors/*.txt): the server's tests
// reuse the same files, so every file must parse to exactly its expectation.
#include <algorithm>
#include <filesystem>
#include <sstream>
#include <vector>

#include "../core/layout.h"
#include "../core/payload.h"
#include "../core/status.h"
#include "../host/vectors.h"
#include "harness.h"

using namespace rd;

namespace {

// First differing line of two dumps, for a readable failure message.
std::string first_difference(const std::string& got, const std::string& want) {
  std::istringstream g(got), w(want);
  std::string a, b;
  for (int line = 1;; ++line) {
    const bool more_g = static_cast<bool>(std::getline(g, a));
    const bool more_w = static_cast<bool>(std::getline(w, b));
    if (!more_g && !more_w) return "identical";
    if (!more_g) a = "<end>";
    if (!more_w) b = "<end>";
    if (a != b) return "line " + std::to_string(line) + ": got \"" + a + "\", expected \"" + b + "\"";
  }
}

std::vector<std::string> vector_files() {
  std::vector<std::string> files;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(rd_test::g_vectors_dir, ec))
    if (e.path().extension() == ".txt") files.push_back(e.path().string());
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

TEST(vectors_parse_to_expected_dump) {
  const auto files = vector_files();
  CHECK(files.size() >= 20);
  for (const std::string& path : files) {
    std::string text, err;
    rd_host::Vector v;
    if (!rd_host::read_file(path, text) || !rd_host::parse_vector(text, v, err)) {
      rd_test::fail(__FILE__, __LINE__, path + ": " + err);
      continue;
    }
    static Schedule s;
    const ParseError e = parse_payload(v.payload.data(), v.payload.size(), s);
    char dump[4096];
    CHECK(dump_schedule(s, e, dump, sizeof dump) < sizeof dump);
    if (v.expect != dump) rd_test::fail(__FILE__, __LINE__, path + ": " + first_difference(dump, v.expect));
  }
}

TEST(vectors_that_parse_fit_the_size_budget) {
  for (const std::string& path : vector_files()) {
    std::string text, err;
    rd_host::Vector v;
    if (!rd_host::read_file(path, text) || !rd_host::parse_vector(text, v, err)) continue;
    static Schedule s;
    if (parse_payload(v.payload.data(), v.payload.size(), s) != ParseError::None) continue;
    // Vectors that deliberately exceed limits say so in their name.
    const bool oversize = path.find("too_many") != std::string::npos ||
                          path.find("long_fields") != std::string::npos;
    if (!oversize && v.payload.size() > kMaxPayloadBytes)
      rd_test::fail(__FILE__, __LINE__, path + " is " + std::to_string(v.payload.size()) + " bytes");
  }
}

TEST(vectors_render_with_red_only_for_busy_or_attention) {
  static uint8_t black[400 / 8 * 300], red[400 / 8 * 300];
  Frame f(black, red, 400, 300);
  int rendered = 0;
  for (const std::string& path : vector_files()) {
    std::string text, err;
    rd_host::Vector v;
    if (!rd_host::read_file(path, text) || !rd_host::parse_vector(text, v, err)) continue;
    static Schedule s;
    if (parse_payload(v.payload.data(), v.payload.size(), s) != ParseError::None) continue;
    layout_schedule(f, s, DeviceInfo());
    ++rendered;
    const bool busy = effective_status(s).kind == StatusKind::Busy;
    const bool attention = busy || s.checkin_due;
    if ((f.count(Color::Red) > 0) != attention) rd_test::fail(__FILE__, __LINE__, path + ": red pixels mismatch");
  }
  CHECK(rendered >= 10);
}

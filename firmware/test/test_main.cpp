#include <cstdlib>
#include <vector>

#include "harness.h"

namespace rd_test {

std::string g_vectors_dir = "test/vectors";
std::string g_out_dir = "build/out";
long g_checks = 0;

namespace {
struct Entry {
  const char* name;
  TestFn fn;
};
std::vector<Entry>& registry() {
  static std::vector<Entry> r;
  return r;
}
int g_failures_in_test = 0;
}  // namespace

void register_test(const char* name, TestFn fn) { registry().push_back({name, fn}); }

void fail(const char* file, int line, const std::string& what) {
  ++g_failures_in_test;
  std::printf("  FAIL %s:%d: %s\n", file, line, what.c_str());
}

}  // namespace rd_test

int main(int argc, char** argv) {
  using namespace rd_test;
  if (argc > 1) g_vectors_dir = argv[1];
  if (argc > 2) g_out_dir = argv[2];
  const char* only = std::getenv("TEST_FILTER");  // substring match, for debugging
  int passed = 0, failed = 0;
  for (const Entry& e : registry()) {
    if (only && !std::strstr(e.name, only)) continue;
    g_failures_in_test = 0;
    e.fn();
    if (g_failures_in_test == 0) {
      ++passed;
    } else {
      ++failed;
      std::printf("FAILED %s\n", e.name);
    }
  }
  std::printf("%ld checks in %d tests\n", g_checks, passed + failed);
  std::printf("%d passed, %d failed\n", passed, failed);
  return failed == 0 && passed > 0 ? 0 : 1;
}

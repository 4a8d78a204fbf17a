// Tiny self-contained test harness: TEST() registers a function, CHECK*()
// record failures without aborting, main() prints "N passed, M failed".
#pragma once
#include <cstdio>
#include <cstring>
#include <string>

namespace rd_test {

using TestFn = void (*)();
void register_test(const char* name, TestFn fn);
void fail(const char* file, int line, const std::string& what);
extern long g_checks;  // assertions evaluated, for the summary
extern std::string g_vectors_dir;  // argv[1]
extern std::string g_out_dir;      // argv[2]: scratch files (PNG for zbarimg)

struct Registrar {
  Registrar(const char* name, TestFn fn) { register_test(name, fn); }
};

template <typename A, typename B>
void check_eq(const A& a, const B& b, const char* ea, const char* eb, const char* file, int line) {
  ++g_checks;
  if (!(a == b)) fail(file, line, std::string(ea) + " == " + eb + "  [" + std::to_string(a) + " vs " + std::to_string(b) + "]");
}

inline void check_str(const std::string& a, const std::string& b, const char* ea, const char* eb,
                      const char* file, int line) {
  ++g_checks;
  if (a != b) fail(file, line, std::string(ea) + " == " + eb + "\n    got:      \"" + a + "\"\n    expected: \"" + b + "\"");
}

}  // namespace rd_test

#define TEST(name)                                                   \
  static void name();                                                \
  static const rd_test::Registrar name##_registrar(#name, &name);   \
  static void name()

#define CHECK(cond) \
  do { ++rd_test::g_checks; if (!(cond)) rd_test::fail(__FILE__, __LINE__, #cond); } while (0)
#define CHECK_EQ(a, b) rd_test::check_eq((a), (b), #a, #b, __FILE__, __LINE__)
#define CHECK_STR(a, b) rd_test::check_str((a), (b), #a, #b, __FILE__, __LINE__)

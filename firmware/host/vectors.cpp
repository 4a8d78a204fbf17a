#include "vectors.h"

#include <fstream>
#include <sstream>

namespace rd_host {

bool read_file(const std::string& path, std::string& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream ss;
  ss << in.rdbuf();
  out = ss.str();
  return true;
}

static int hex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string decode_escapes(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 1 < s.size() && s[i + 1] == '\\') {
      out += '\\';
      ++i;
    } else if (s[i] == '\\' && i + 3 < s.size() && s[i + 1] == 'x' && hex(s[i + 2]) >= 0 &&
               hex(s[i + 3]) >= 0) {
      out += static_cast<char>(hex(s[i + 2]) * 16 + hex(s[i + 3]));
      i += 3;
    } else {
      out += s[i];
    }
  }
  return out;
}

bool parse_vector(const std::string& text, Vector& v, std::string& error) {
  enum { kHead, kPayload, kExpect } part = kHead;
  std::istringstream in(text);
  std::string line, payload, expect;
  bool seen_payload = false, seen_expect = false;
  while (std::getline(in, line)) {
    if (line == "--- payload") { part = kPayload; seen_payload = true; continue; }
    if (line == "--- expect") { part = kExpect; seen_expect = true; continue; }
    if (part == kHead) {
      if (line.rfind("#", 0) == 0) v.description += line.substr(line.size() > 1 ? 2 : 1) + "\n";
    } else if (part == kPayload) {
      payload += line + "\n";
    } else {
      expect += line + "\n";
    }
  }
  if (!seen_payload || !seen_expect) {
    error = "missing '--- payload' or '--- expect' section";
    return false;
  }
  while (expect.size() >= 2 && expect.compare(expect.size() - 2, 2, "\n\n") == 0) expect.pop_back();
  if (expect == "\n") expect.clear();
  v.payload = decode_escapes(payload);
  v.expect = expect;
  return true;
}

}  // namespace rd_host

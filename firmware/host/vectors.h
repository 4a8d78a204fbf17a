// Test vector files (test/vectors/*.txt), format described in PROTOCOL.md:
//   # free-text description
//   --- payload
//   <payload lines; \xHH and \\ escapes>
//   --- expect
//   <canonical dump lines>
#pragma once
#include <string>

namespace rd_host {

struct Vector {
  std::string description;
  std::string payload;  // escapes decoded, every line ends with '\n'
  std::string expect;   // every line ends with '\n'
};

bool read_file(const std::string& path, std::string& out);
bool parse_vector(const std::string& text, Vector& v, std::string& error);
std::string decode_escapes(const std::string& s);

}  // namespace rd_host

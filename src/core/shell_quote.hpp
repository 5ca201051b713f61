#pragma once
// Quoting for the commands printed in hints (POSIX sh, XCU 2.2.2: single quotes keep every byte
// literally; a single quote itself is written '\'').
#include <string>
#include <string_view>

namespace awf {

/// `s` quoted for a POSIX shell command line (single quotes), e.g. it's -> 'it'\''s'.
inline std::string shell_quote(std::string_view s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') out += "'\\''";
    else out += c;
  }
  return out + "'";
}

}  // namespace awf

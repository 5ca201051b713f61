#pragma once
// ASCII case folding for protocol tokens: header names, schemes, host names, Squid codes, error
// types. Locale-independent by design (RFC 9110 §5.1: field names are case-insensitive ASCII);
// bytes >= 0x80 are left as they are.
#include <string>
#include <string_view>

namespace awf {

/// `c` with A-Z mapped to a-z.
constexpr char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

/// A copy of `s` with A-Z mapped to a-z.
inline std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = ascii_lower(c);
  return out;
}

/// True when `a` and `b` are equal ignoring ASCII case.
constexpr bool ascii_iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
  return true;
}

}  // namespace awf

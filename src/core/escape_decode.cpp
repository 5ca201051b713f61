#include "core/escape_decode.hpp"

namespace awf {
namespace {

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/// One escape at `t[i]`: its decoded byte and length, or length 0 when none starts there.
struct Escape {
  char byte = 0;
  std::size_t length = 0;
};

Escape percent(std::string_view t, std::size_t i) {
  if (i + 2 >= t.size() || hex_digit(t[i + 1]) < 0 || hex_digit(t[i + 2]) < 0) return {};
  return {static_cast<char>(hex_digit(t[i + 1]) * 16 + hex_digit(t[i + 2])), 3};
}

Escape html_numeric(std::string_view t, std::size_t i) {
  std::size_t j = i + 2;  // after "&#"
  const bool hex = j < t.size() && (t[j] == 'x' || t[j] == 'X');
  if (hex) ++j;
  const std::size_t digits_at = j;
  unsigned long value = 0;
  for (; j < t.size(); ++j) {
    const int d = hex ? hex_digit(t[j]) : (t[j] >= '0' && t[j] <= '9' ? t[j] - '0' : -1);
    if (d < 0) break;
    value = value * (hex ? 16 : 10) + static_cast<unsigned long>(d);
    if (value > 0x10FFFF) value = 0x110000;  // saturate: out of range, never decoded
  }
  if (j == digits_at || value == 0 || value > 0x7F) return {};
  if (j < t.size() && t[j] == ';') ++j;
  return {static_cast<char>(value), j - i};
}

Escape json_backslash(std::string_view t, std::size_t i) {
  if (i + 1 >= t.size()) return {};
  const char n = t[i + 1];
  if (n == '/' || n == '\\' || n == '"') return {n, 2};
  if (n != 'u' || i + 5 >= t.size()) return {};
  int value = 0;
  for (std::size_t k = i + 2; k < i + 6; ++k) {
    const int d = hex_digit(t[k]);
    if (d < 0) return {};
    value = value * 16 + d;
  }
  if (value == 0 || value > 0x7F) return {};
  return {static_cast<char>(value), 6};
}

}  // namespace

bool may_hold_escapes(std::string_view text) {
  return text.find('%') != std::string_view::npos || text.find("&#") != std::string_view::npos ||
         text.find('\\') != std::string_view::npos;
}

DecodedView decode_escapes(std::string_view t) {
  DecodedView v;
  v.text.reserve(t.size());
  v.from.reserve(t.size() + 1);
  for (std::size_t i = 0; i < t.size();) {
    Escape e;
    if (t[i] == '%') e = percent(t, i);
    else if (t[i] == '&' && i + 1 < t.size() && t[i + 1] == '#') e = html_numeric(t, i);
    else if (t[i] == '\\') e = json_backslash(t, i);
    if (e.length == 0) e = {t[i], 1};
    v.text += e.byte;
    v.from.push_back(i);
    i += e.length;
  }
  v.from.push_back(t.size());
  return v;
}

}  // namespace awf

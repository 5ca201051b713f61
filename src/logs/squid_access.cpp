#include "logs/squid_access.hpp"

#include "logs/text_fields.hpp"

namespace awf::logs {
namespace {

// Short-field scans written out (string_view::find calls memchr, too costly per field here):
// 8 bytes at a time (a zero byte of x ^ c marks c), then byte by byte.
inline std::size_t find_char(std::string_view s, char c) {
  const std::uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL, cs = ones * static_cast<unsigned char>(c);
  std::size_t i = 0;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  for (; i + 8 <= s.size(); i += 8) {
    std::uint64_t x;
    __builtin_memcpy(&x, s.data() + i, 8);
    x ^= cs;
    const std::uint64_t z = (x - ones) & ~x & highs;  // exact for the lowest zero byte
    if (z) return i + static_cast<std::size_t>(__builtin_ctzll(z)) / 8;
  }
#endif
  for (; i < s.size(); ++i)
    if (s[i] == c) return i;
  return std::string_view::npos;
}

inline std::size_t rfind_char(std::string_view s, char c) {
  for (std::size_t i = s.size(); i > 0; --i)
    if (s[i - 1] == c) return i - 1;
  return std::string_view::npos;
}

bool is_method(std::string_view m) {
  if (m.size() == 7 && same_bytes(m, "CONNECT")) return true;  // most lines
  if (m.empty() || m.size() > 16) return false;
  for (char c : m)
    if ((c < 'A' || c > 'Z') && c != '-' && c != '_') return false;
  return true;
}

bool parse_detailed(const std::string_view* f, std::size_t n, AccessEntry& e) {
  if (n < 9) return false;
  auto ts = parse_epoch_ms(f[0]);
  auto status = parse_uint(f[6]);
  std::size_t colon = find_char(f[7], ':');
  if (!ts || !status || *status > 999 || colon == std::string_view::npos || !is_method(f[5])) return false;
  std::size_t port = rfind_char(f[1], ':');
  if (port == std::string_view::npos) return false;
  e.ts_ms = *ts;
  e.client_ip = f[1].substr(0, port);
  e.host = f[2];
  e.dest = f[3];
  e.method = f[5];
  e.status = static_cast<int>(*status);
  e.result = f[7].substr(0, colon);
  e.hierarchy = f[7].substr(colon + 1);
  e.url = f[8];
  if (e.host.size() <= 1 && (e.host.empty() || e.host[0] == '-')) e.host = url_authority(e.url);
  e.elapsed_ms = -1;
  return true;
}

bool parse_native(const std::string_view* f, std::size_t n, AccessEntry& e) {
  if (n < 7) return false;
  auto ts = parse_epoch_ms(f[0]);
  auto elapsed = parse_uint(f[1]);
  std::size_t slash = find_char(f[3], '/');
  if (!ts || !elapsed || slash == std::string_view::npos || !is_method(f[5])) return false;
  auto status = parse_uint(f[3].substr(slash + 1));
  if (!status || *status > 999) return false;
  e.ts_ms = *ts;
  e.elapsed_ms = *elapsed;
  e.client_ip = f[2];
  e.result = f[3].substr(0, slash);
  e.status = static_cast<int>(*status);
  e.method = f[5];
  e.url = f[6];
  e.host = url_authority(e.url);
  if (n >= 9) {
    std::size_t s = f[8].find('/');
    e.hierarchy = f[8].substr(0, s);
    e.dest = s == std::string_view::npos ? std::string_view("-") : f[8].substr(s + 1);
  } else {
    e.hierarchy = std::string_view();
    e.dest = "-";
  }
  return true;
}

}  // namespace

std::string_view url_authority(std::string_view url) {
  std::size_t scheme = url.find("://");
  if (scheme != std::string_view::npos) url.remove_prefix(scheme + 3);
  std::size_t slash = url.find('/');
  return slash == std::string_view::npos ? url : url.substr(0, slash);
}

bool parse_access_line(std::string_view line, AccessEntry& e, LogFormat& format) {
  // Uninitialised storage: only the first n views are written and read.
  alignas(std::string_view) unsigned char raw[10 * sizeof(std::string_view)];
  auto* f = reinterpret_cast<std::string_view*>(raw);
  return parse_access_fields(f, split_fields(line, f, 10), e, format);
}

bool parse_access_fields(const std::string_view* f, std::size_t n, AccessEntry& e, LogFormat& format) {
  if (n < 7) return false;
  if (parse_uint(f[1])) {
    format = LogFormat::squid_access_native;
    return parse_native(f, n, e);
  }
  format = LogFormat::squid_access_detailed;
  return parse_detailed(f, n, e);
}

}  // namespace awf::logs

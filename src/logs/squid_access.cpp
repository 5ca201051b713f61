#include "logs/squid_access.hpp"

#include <array>

#include "logs/text_fields.hpp"

namespace awf::logs {
namespace {

std::string_view before_last_colon(std::string_view s) {
  std::size_t c = s.rfind(':');
  return c == std::string_view::npos ? s : s.substr(0, c);
}

bool is_method(std::string_view m) {
  if (m.empty() || m.size() > 16) return false;
  for (char c : m)
    if ((c < 'A' || c > 'Z') && c != '-' && c != '_') return false;
  return true;
}

std::optional<AccessEntry> parse_detailed(const std::array<std::string_view, 10>& f, std::size_t n) {
  if (n < 9) return std::nullopt;
  AccessEntry e;
  auto ts = parse_epoch_ms(f[0]);
  auto status = parse_uint(f[6]);
  std::size_t colon = f[7].find(':');
  if (!ts || !status || *status > 999 || colon == std::string_view::npos || !is_method(f[5])) return std::nullopt;
  if (f[1].find(':') == std::string_view::npos) return std::nullopt;
  e.ts_ms = *ts;
  e.client_ip = before_last_colon(f[1]);
  e.host = f[2];
  e.dest = f[3];
  e.method = f[5];
  e.status = static_cast<int>(*status);
  e.result = f[7].substr(0, colon);
  e.hierarchy = f[7].substr(colon + 1);
  e.url = f[8];
  if (e.host == "-" || e.host.empty()) e.host = url_authority(e.url);
  return e;
}

std::optional<AccessEntry> parse_native(const std::array<std::string_view, 10>& f, std::size_t n) {
  if (n < 7) return std::nullopt;
  AccessEntry e;
  auto ts = parse_epoch_ms(f[0]);
  auto elapsed = parse_uint(f[1]);
  std::size_t slash = f[3].find('/');
  if (!ts || !elapsed || slash == std::string_view::npos || !is_method(f[5])) return std::nullopt;
  auto status = parse_uint(f[3].substr(slash + 1));
  if (!status || *status > 999) return std::nullopt;
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
    e.dest = "-";
  }
  return e;
}

}  // namespace

std::string_view url_authority(std::string_view url) {
  std::size_t scheme = url.find("://");
  if (scheme != std::string_view::npos) url.remove_prefix(scheme + 3);
  std::size_t slash = url.find('/');
  return slash == std::string_view::npos ? url : url.substr(0, slash);
}

std::optional<AccessEntry> parse_access_line(std::string_view line, LogFormat* format) {
  std::array<std::string_view, 10> f;
  std::size_t n = split_fields(line, f.data(), f.size());
  if (n < 7) return std::nullopt;
  if (parse_uint(f[1])) {
    auto e = parse_native(f, n);
    if (e && format) *format = LogFormat::squid_access_native;
    return e;
  }
  auto e = parse_detailed(f, n);
  if (e && format) *format = LogFormat::squid_access_detailed;
  return e;
}

}  // namespace awf::logs

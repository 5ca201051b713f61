#pragma once
// Private to env.cpp (and its tests): does a NO_PROXY list exempt a host:port?
// Rules (domain.md §2, case R13): entries are comma-separated and trimmed; `*` matches everything;
// a host matches case-insensitively, exactly or as a subdomain of the entry (`example.com` and
// `.example.com` both cover `api.example.com`; `*.example.com` too); IP literals (v4, v6 with or
// without brackets) match exactly; an entry with `:port` matches only that port. No DNS: Node
// clients compare the URL's host string, so an IP entry never covers a hostname.
#include <algorithm>
#include <cctype>
#include <string>
#include <string_view>

#include "probes/awf_env.hpp"
#include "core/ascii.hpp"

namespace awf::probe_detail {

struct NoProxyMatch {
  bool matched = false;
  std::string entry;  ///< the list entry that matched, as written (trimmed)
};

inline bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); });
}

/// Host without brackets and trailing dot, lower-case.
inline std::string normalize_host(std::string_view h) {
  if (h.size() >= 2 && h.front() == '[' && h.back() == ']') h = h.substr(1, h.size() - 2);
  while (!h.empty() && h.back() == '.') h.remove_suffix(1);
  return ascii_lower(h);
}

inline bool is_ip_literal(std::string_view h) {
  if (h.find(':') != std::string_view::npos) return true;  // IPv6
  return !h.empty() && std::all_of(h.begin(), h.end(), [](unsigned char c) { return std::isdigit(c) || c == '.'; });
}

/// Splits one entry into host and port (0 = any port).
inline void split_entry(std::string_view e, std::string& host, int& port) {
  port = 0;
  if (!e.empty() && e.front() == '[') {  // [v6] or [v6]:port
    auto close = e.find(']');
    if (close != std::string_view::npos) {
      std::string_view rest = e.substr(close + 1);
      if (rest.size() > 1 && rest.front() == ':' && all_digits(rest.substr(1)) && rest.size() <= 6)
        port = std::stoi(std::string(rest.substr(1)));
      host = normalize_host(e.substr(1, close - 1));
      return;
    }
  }
  auto colon = e.find(':');
  if (colon != std::string_view::npos && e.find(':', colon + 1) == std::string_view::npos &&
      all_digits(e.substr(colon + 1)) && e.size() - colon - 1 <= 5) {
    port = std::stoi(std::string(e.substr(colon + 1)));
    e = e.substr(0, colon);
  }
  host = normalize_host(e);
}

inline bool entry_matches(std::string_view raw, const std::string& host, int port) {
  if (raw == "*") return true;
  std::string ehost;
  int eport = 0;
  split_entry(raw, ehost, eport);
  if (eport != 0 && eport != port) return false;
  if (ehost.rfind("*.", 0) == 0) ehost.erase(0, 1);  // "*.example.com" -> ".example.com"
  if (!ehost.empty() && ehost.front() == '.') ehost.erase(0, 1);
  if (ehost.empty()) return false;
  if (host == ehost) return true;
  if (is_ip_literal(host) || is_ip_literal(ehost)) return false;
  return host.size() > ehost.size() && host.compare(host.size() - ehost.size(), ehost.size(), ehost) == 0 &&
         host[host.size() - ehost.size() - 1] == '.';
}

/// Whether `list` (a NO_PROXY value) exempts `host`:`port` (host as parse_url gives it).
inline NoProxyMatch no_proxy_match(std::string_view list, std::string_view host_in, int port) {
  const std::string host = normalize_host(host_in);
  std::size_t start = 0;
  while (start <= list.size()) {
    std::size_t comma = list.find(',', start);
    std::size_t end = comma == std::string_view::npos ? list.size() : comma;
    std::string_view entry = trim_view(list.substr(start, end - start));
    if (!entry.empty() && entry_matches(entry, host, port)) return {true, std::string(entry)};
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return {};
}

}  // namespace awf::probe_detail

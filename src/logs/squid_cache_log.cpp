#include "logs/squid_cache_log.hpp"

#include "logs/text_fields.hpp"

namespace awf::logs {
namespace {

bool digit(char c) { return c >= '0' && c <= '9'; }
bool has(std::string_view s, std::string_view n) { return s.find(n) != std::string_view::npos; }
bool starts(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

// Length of the "YYYY/MM/DD HH:MM:SS[ kidN]| " prefix, or 0.
std::size_t stamp_len(std::string_view l) {
  if (l.size() < 20 || !digit(l[0]) || l[4] != '/' || l[7] != '/' || l[10] != ' ' || l[13] != ':' || l[16] != ':')
    return 0;
  std::size_t bar = l.find('|', 19);
  if (bar == std::string_view::npos || bar > 40) return 0;
  std::size_t i = bar + 1;
  while (i < l.size() && l[i] == ' ') ++i;
  return i;
}

void keep(std::vector<CacheLogMessage>& v, std::string_view msg, Where w) {
  if (v.size() < CacheLogFacts::kMaxKept) v.push_back({capped(msg), w});
}

}  // namespace

bool cache_log_line_shape(std::string_view line) {
  return stamp_len(line) > 0 || starts(line, "FATAL: ") || starts(line, "assertion failed: ") ||
         starts(line, "Configuring Parent ") || starts(line, "Starting Squid Cache version ");
}

static LineUse read_message(std::string_view m, Where where, CacheLogFacts& f);

LineUse read_cache_log_line(std::string_view line, Where where, CacheLogFacts& f) {
  std::string_view t = trim(line);
  if (t.empty()) return LineUse::other;
  std::size_t p = stamp_len(t);
  std::string_view m = t.substr(p);
  LineUse use = read_message(m, where, f);
  if (use != LineUse::other || p > 0) return use;
  // Unstamped text that is none of the messages (continuation lines after a FATAL, notes) is
  // cache.log content of no interest; binary garbage is unparsed.
  for (unsigned char c : t)
    if (c < 0x09 || (c > 0x0d && c < 0x20) || c == 0x7f) return LineUse::unparsed;
  return LineUse::other;
}

static LineUse read_message(std::string_view m, Where where, CacheLogFacts& f) {
  if (starts(m, "FATAL")) {
    ++f.fatal_count;
    keep(f.fatal, m, where);
    return LineUse::used;
  }
  if (std::size_t a = m.find("assertion failed: "); a != std::string_view::npos) {
    ++f.assertion_count;
    std::string_view rest = m.substr(a + 18);
    CacheLogFacts::Assertion as;
    std::size_t c1 = rest.find(':');
    if (c1 != std::string_view::npos) {
      as.file = capped(rest.substr(0, c1), 120);
      std::size_t c2 = rest.find(':', c1 + 1);
      if (auto n = parse_uint(rest.substr(c1 + 1, c2 == std::string_view::npos ? std::string_view::npos : c2 - c1 - 1)))
        as.line = static_cast<int>(*n % 100000000);
    }
    as.text = capped(m);
    as.where = where;
    if (f.assertions.size() < CacheLogFacts::kMaxKept) f.assertions.push_back(std::move(as));
    return LineUse::used;
  }
  if (starts(m, "Starting Squid Cache version ")) {
    if (f.starts++ == 0) {
      std::string_view v = m.substr(29);
      f.version = capped(v.substr(0, v.find(' ')), 32);
    }
    return LineUse::used;
  }
  if (has(m, "exited due to signal") || has(m, "will not be restarted") || has(m, "exited with status")) {
    ++f.kid_deaths;
    keep(f.kid_death_lines, m, where);
    return LineUse::used;
  }
  for (std::string_view kind : {"Configuring Parent ", "Configuring Sibling ", "Configuring Multicast "}) {
    if (!starts(m, kind)) continue;
    std::string_view spec = trim(m.substr(kind.size()));  // host/http_port/icp_port
    std::size_t s1 = spec.find('/'), s2 = spec.rfind('/');
    CacheLogFacts::Parent pr;
    pr.kind = std::string(kind.substr(12, kind.size() - 13));
    pr.host = capped(spec.substr(0, s1), 120);
    if (s1 != std::string_view::npos && s2 > s1) {
      pr.http_port = static_cast<int>(parse_uint(spec.substr(s1 + 1, s2 - s1 - 1)).value_or(0) % 100000);
      pr.icp_port = static_cast<int>(parse_uint(spec.substr(s2 + 1)).value_or(0) % 100000);
    }
    pr.where = where;
    if (f.peers_configured.size() < CacheLogFacts::kMaxKept) f.peers_configured.push_back(std::move(pr));
    return LineUse::used;
  }
  if ((has(m, "TCP connection to") && has(m, "failed")) || has(m, "Detected DEAD ") ||
      has(m, "Failed to select source") || has(m, "cache_peer") || has(m, "ERR_CANNOT_FORWARD")) {
    ++f.peer_failures;
    keep(f.peer_failure_lines, m, where);
    return LineUse::used;
  }
  if (has(m, "nameserver") || has(m, "DNS") || has(m, "idns")) {
    if (has(m, "Adding nameserver") || has(m, "DNS Socket created")) return LineUse::other;
    ++f.dns_problems;
    keep(f.dns_lines, m, where);
    return LineUse::used;
  }
  return LineUse::other;
}

}  // namespace awf::logs

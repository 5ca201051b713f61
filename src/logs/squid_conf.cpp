#include "logs/squid_conf.hpp"

#include <array>

#include "logs/text_fields.hpp"

namespace awf::logs {
namespace {

constexpr std::size_t kMaxFields = 80;

bool printable(std::string_view s) {
  for (unsigned char c : s)
    if (c < 0x20 && c != '\t') return false;
  return true;
}

template <class T>
bool room(std::vector<T>& v, SquidConfFacts& f) {
  if (v.size() < SquidConfFacts::kMaxRules) return true;
  ++f.rules_dropped;
  return false;
}

}  // namespace

LineUse read_squid_conf_line(std::string_view line, Where where, SquidConfFacts& f) {
  std::string_view t = trim(line);
  if (t.empty() || t.front() == '#') return LineUse::other;
  if (!printable(t)) return LineUse::unparsed;
  std::array<std::string_view, kMaxFields> w;
  std::size_t n = split_fields(t, w.data(), w.size());
  std::string_view d = w[0];
  auto field = [&](std::size_t i) { return std::string(capped(w[i], 200)); };

  if (d == "cache_peer") {
    if (n < 5) return LineUse::unparsed;
    auto http = parse_uint(w[3]), icp = parse_uint(w[4]);
    if (!http || !icp) return LineUse::unparsed;
    if (!room(f.cache_peers, f)) return LineUse::used;
    SquidConfFacts::CachePeer p;
    p.host = field(1);
    p.type = field(2);
    p.http_port = static_cast<int>(*http % 100000);
    p.icp_port = static_cast<int>(*icp % 100000);
    for (std::size_t i = 5; i < n && p.options.size() < 32; ++i) {
      std::string_view o = w[i];
      // login= may carry a proxy password: keep the option name only.
      if (o.substr(0, 6) == "login=") o = "login=";
      p.options.emplace_back(capped(o, 120));
    }
    p.where = where;
    f.cache_peers.push_back(std::move(p));
    return LineUse::used;
  }
  if (d == "never_direct" || d == "always_direct" || d == "http_access" || d == "cache_peer_access") {
    std::size_t a = d == "cache_peer_access" ? 2 : 1;
    if (n <= a || (w[a] != "allow" && w[a] != "deny")) return LineUse::unparsed;
    auto& list = d == "http_access" ? f.http_access : f.direct_rules;
    if (!room(list, f)) return LineUse::used;
    SquidConfFacts::AccessRule r;
    r.directive = std::string(d);
    r.action = a == 2 ? field(1) + " " + field(2) : field(1);
    for (std::size_t i = a + 1; i < n; ++i) r.acls.push_back(field(i));
    r.where = where;
    list.push_back(std::move(r));
    return LineUse::used;
  }
  if (d == "acl") {
    if (n < 3) return LineUse::unparsed;
    if (!room(f.acls, f)) return LineUse::used;
    SquidConfFacts::Acl acl;
    acl.name = field(1);
    acl.type = field(2);
    for (std::size_t i = 3; i < n; ++i) {
      if (w[i].size() > 1 && w[i][0] == '-' && acl.values.empty() && w[i] != "-") continue;  // -i, -n flags
      ++acl.value_count;
      if (acl.values.size() < SquidConfFacts::kMaxAclValues) acl.values.push_back(field(i));
    }
    acl.where = where;
    f.acls.push_back(std::move(acl));
    return LineUse::used;
  }
  if (d == "dns_nameservers") {
    for (std::size_t i = 1; i < n && f.dns_nameservers.size() < 16; ++i) f.dns_nameservers.push_back(field(i));
    return LineUse::used;
  }
  if (d == "http_port" || d == "https_port") {
    if (n >= 2 && f.http_ports.size() < 16) f.http_ports.push_back(field(1));
    return LineUse::used;
  }
  if (d == "include") {
    if (n >= 2 && f.includes.size() < 16) f.includes.push_back(field(1));
    return LineUse::used;
  }
  // Any other directive: a word of lowercase letters/digits/underscores.
  for (char c : d)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return LineUse::unparsed;
  return LineUse::other;
}

}  // namespace awf::logs

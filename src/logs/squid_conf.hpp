#pragma once
// squid.conf, read for what a diagnosis of the CONNECT path needs (domain.md §5): cache_peer
// (the parent proxy Squid forwards to), never_direct / always_direct (whether Squid may go direct),
// acl definitions (name, type, values), http_access rule order, dns_nameservers, http_port.
// Directive syntax: Squid's own (`cache_peer <host> <type> <http-port> <icp-port> [options]`,
// `never_direct allow|deny [!]acl …`, `acl <name> <type> [-flags] <value> …`). Lines are not
// macro-expanded; `include` is recorded, not followed. Other directives count as "other" lines.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "logs/source_summary.hpp"

namespace awf::logs {

struct SquidConfFacts {
  static constexpr std::size_t kMaxRules = 256;     ///< rules kept per list
  static constexpr std::size_t kMaxAclValues = 64;  ///< values kept per acl (value_count is complete)

  struct CachePeer {
    std::string host, type;  ///< type: parent, sibling, multicast
    int http_port = 0, icp_port = 0;
    std::vector<std::string> options;  ///< e.g. no-query, default, name=x (login=… is kept as "login=…" only)
    Where where;
  };
  struct AccessRule {
    std::string directive;  ///< never_direct, always_direct, http_access, cache_peer_access
    std::string action;     ///< allow / deny (cache_peer_access: "<peer> allow|deny")
    std::vector<std::string> acls;  ///< as written, with a leading '!' for negation
    Where where;
  };
  struct Acl {
    std::string name, type;
    std::vector<std::string> values;
    std::uint64_t value_count = 0;
    Where where;
  };
  std::vector<CachePeer> cache_peers;
  std::vector<AccessRule> direct_rules;   ///< never_direct / always_direct / cache_peer_access, in order
  std::vector<AccessRule> http_access;    ///< in order (first match wins)
  std::vector<Acl> acls;                  ///< one entry per acl line
  std::vector<std::string> dns_nameservers;
  std::vector<std::string> http_ports;
  std::vector<std::string> includes;
  std::uint64_t rules_dropped = 0;        ///< rules/acls/peers beyond the caps (counted, not kept)
};

/// Feeds one squid.conf line; comments and blank lines are "other".
LineUse read_squid_conf_line(std::string_view line, Where where, SquidConfFacts& facts);

}  // namespace awf::logs

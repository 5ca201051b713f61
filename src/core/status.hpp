#pragma once
// Status and Link: the two enumerations every Check record carries.
// Source: design.md ("A Check record is the one currency"), cases/README.md ("Links, statuses").
#include <optional>
#include <string>
#include <string_view>

namespace awf {

/// Outcome of one check. `error` means "could not run" (a probe broke or an input was unreadable),
/// distinct from `fail` ("ran and found a fault").
enum class Status { pass, warn, fail, skip, error };

/// The five links of the awf auth chain, in dependency order (cases/README.md).
enum class Link { helper, env, proxy, squid, upstream };

inline constexpr Link kAllLinks[] = {Link::helper, Link::env, Link::proxy, Link::squid, Link::upstream};

std::string to_string(Status s);
std::string to_string(Link l);
/// Parses "pass"|"warn"|"fail"|"skip"|"error"; nullopt otherwise.
std::optional<Status> status_from_string(std::string_view s);
/// Parses "helper"|"env"|"proxy"|"squid"|"upstream"; nullopt otherwise.
std::optional<Link> link_from_string(std::string_view s);

/// Link status rule (issue #2): fail if any check failed, else error, else warn, else pass, else skip.
/// Returns the rank used by that rule: fail 4 > error 3 > warn 2 > pass 1 > skip 0.
int link_rank(Status s);

}  // namespace awf

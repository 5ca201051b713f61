// log.proxy.*: the api-proxy's own errors, as its log tells them.
#include "logs/log_check_parts.hpp"

#include <fmt/format.h>

#include "catalog/catalog.hpp"
#include "catalog/check_ids.hpp"
#include "rules/check_rules.hpp"

namespace awf::logs::parts {

namespace cid = check_id;

std::optional<Check> proxy_crash(const LogFacts& f, const Provider& p) {
  const ApiProxyFacts& a = f.api_proxy;
  if (a.crash_lines == 0) return std::nullopt;
  Check c =
      make_check(cid::log_proxy_crash, Link::proxy, "the api-proxy's own errors, as its log tells them", kLogSource);
  std::string header = a.invalid_header_names.empty() ? std::string(p.injected_auth_header) : a.invalid_header_names.front();
  c.evidence["crash_lines"] = a.crash_lines;
  c.evidence["invalid_header_names"] = a.invalid_header_names;
  apply(c, {Status::fail, FaultId::proxy_invalid_injected_header,
            fmt::format("the api-proxy's Node refused its own header value: ERR_INVALID_CHAR, invalid character in "
                        "header content [\"{}\"] ({} line(s), first at {}): the injected key is malformed",
                        header, a.crash_lines, where_text(f, a.first_crash)),
            hint(FaultId::proxy_invalid_injected_header, p)});
  return c;
}

}  // namespace awf::logs::parts

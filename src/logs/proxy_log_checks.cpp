// log.proxy.*: the api-proxy's own errors, as its log tells them (domain.md §4 Logging:
// ERR_INVALID_CHAR crash text; request_start / request_error / request_complete events).
#include "logs/log_check_parts.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <utility>
#include <vector>

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

std::optional<Check> proxy_requests(const LogFacts& f, const Provider& p) {
  const ApiProxyFacts& a = f.api_proxy;
  // Only a log whose requests all ended in request_error: a request that completed shows the
  // forwarding works (its status is judged by log.agent.requests / log.upstream.auth).
  // A crash on the injected header is log.proxy.crash's (its request_error lines name it).
  // Counted over API calls: the client's HEAD / preconnect answered 200 does not show a message got
  // through (user test 14 F4).
  if (a.api_error_total == 0 || a.api_complete_total > 0 || a.crash_lines > 0) return std::nullopt;
  Check c = make_check(cid::log_proxy_requests, Link::proxy, "the api-proxy's forwarding, as its log tells it",
                       kLogSource);
  // The distinct messages, most frequent first (the reader keeps the first kMaxKept).
  std::map<std::string, std::uint64_t> by_text;
  for (const auto& m : a.request_errors) ++by_text[m.text.empty() ? std::string("(no message)") : m.text];
  std::vector<std::pair<std::string, std::uint64_t>> ranked(by_text.begin(), by_text.end());
  std::stable_sort(ranked.begin(), ranked.end(), [](const auto& x, const auto& y) { return x.second > y.second; });
  nlohmann::json msgs = nlohmann::json::array();
  for (const auto& [text, n] : ranked) msgs.push_back({{"message", text}, {"count", n}});
  c.evidence["request_start"] = a.request_start_total;
  c.evidence["request_error"] = a.request_error_total;
  c.evidence["request_complete"] = a.request_complete_total;
  c.evidence["api_calls"] = {{"completed", a.api_complete_total}, {"errored", a.api_error_total}};
  c.evidence["messages"] = std::move(msgs);
  const std::string first = ranked.empty() ? std::string("no message") : ranked.front().first;
  const std::string where = a.request_errors.empty() ? std::string() : where_text(f, a.request_errors.front().where);
  const std::string element = fmt::format("\"{}\"", first);
  apply(c, {Status::fail, FaultId::proxy_forward_errors_logged,
            fmt::format("the api-proxy logged request_error for all {} API call(s) it ended ({} request(s) started, "
                        "{} completed, none of them an API call); most frequent: \"{}\"{}: the requests reached the "
                        "sidecar and its call onward failed",
                        a.api_error_total, a.request_start_total, a.request_complete_total, first,
                        where.empty() ? std::string() : fmt::format(" (first at {})", where)),
            hint(FaultId::proxy_forward_errors_logged, p,
                 {{"element", element}, {"upstream_host", std::string(p.upstream_host)}})});
  return c;
}

}  // namespace awf::logs::parts

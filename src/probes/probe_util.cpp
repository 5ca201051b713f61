#include "probes/probe_util.hpp"
#include "core/ascii.hpp"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "catalog/check_ids.hpp"
#include "rules/check_rules.hpp"

namespace awf {

Check deadline_error(const ProbeContext& ctx, const std::string& what) {
  Check c;
  c.evidence["deadline_ms"] = ctx.spec.timeout.count();
  apply(c, judge_deadline(what, ctx.spec.timeout.count(), provider(ProviderId::anthropic)));
  return c;
}

std::optional<Check> skip_when_sidecar_failed(const ProbeContext& ctx) {
  auto it = ctx.done.find(std::string(check_id::proxy_sidecar_state));
  if (it == ctx.done.end() || it->second.status != Status::fail) return std::nullopt;
  Check c;
  c.status = Status::skip;
  c.skip_reason = fmt::format("not sent: {} failed: {}", it->first, it->second.summary);
  c.summary = "skipped: " + c.skip_reason;
  return c;
}

std::string json_str(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  return (it != j.end() && it->is_string()) ? it->get<std::string>() : std::string();
}

std::string origin_of(const std::string& url) {
  UrlParts u = parse_url(url);
  if (!u.ok) return url;
  std::string host = u.host.find(':') != std::string::npos ? "[" + u.host + "]" : u.host;
  return u.scheme + "://" + host + ":" + std::to_string(u.port);
}

std::string join_url(const std::string& base, const std::string& path) {
  std::string b = base;
  while (!b.empty() && b.back() == '/') b.pop_back();
  return b + path;
}

std::string authority_of(const std::string& url) {
  UrlParts u = parse_url(url);
  if (!u.ok) return url;
  std::string host = u.host.find(':') != std::string::npos ? "[" + u.host + "]" : u.host;
  return host + ":" + std::to_string(u.port);
}

}  // namespace awf

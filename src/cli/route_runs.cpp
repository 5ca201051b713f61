// Which provider routes a run judges, and how their checks become one list (cli/route_runs.hpp).
#include "cli/route_runs.hpp"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "core/ascii.hpp"
#include "topology/providers.hpp"

namespace awf {

RouteChoice choose_routes(const Topology& first, const ChainFlags& flags, const EnvSnapshot& env) {
  RouteChoice rc;
  rc.judged.push_back(first.provider);
  const bool pinned_by_flag = flags.provider != "auto";
  const bool pinned_by_plain = flags.base_url.has_value() || flags.upstream_url.has_value();
  for (const auto& [id, var] : providers_with_vars(env)) {
    if (id == first.provider) continue;
    const std::string name(provider(id).name);
    const bool named = flags.base_url_for.count(name) || flags.upstream_for.count(name);
    if (!pinned_by_flag && (!pinned_by_plain || named)) {
      rc.judged.push_back(id);
      continue;
    }
    rc.not_judged.push_back(fmt::format(
        "{} ({}): {}", name, var,
        pinned_by_flag ? fmt::format("--provider {} pins the run", flags.provider)
                       : fmt::format("a plain --base-url/--upstream pins the run; add --base-url {0}=URL --upstream {0}=URL to judge it", name)));
  }
  // A route named only by PROVIDER=URL (its variables unset) is judged too: the flag says it is in play.
  if (!pinned_by_flag)
    for (const auto* named : {&flags.base_url_for, &flags.upstream_for})
      for (const auto& [name, url] : *named)
        if (const Provider* p = provider_named(name);
            p && std::find(rc.judged.begin(), rc.judged.end(), p->id) == rc.judged.end())
          rc.judged.push_back(p->id);
  return rc;
}

namespace {

/// (glob, route) when `pattern` ends in `[NAME]` with NAME a provider row's name; else (pattern, "").
std::pair<std::string, std::string> route_of_pattern(const std::string& pattern) {
  auto [glob, name] = split_qualified_id(pattern);
  // `[OpenAI]` names the route too: as a glob it would be a character class matching unrelated ids.
  name = ascii_lower(name);
  if (name.empty() || !provider_named(name)) return {pattern, ""};
  return {glob, name};
}

}  // namespace

std::vector<std::string> patterns_for_route(const std::vector<std::string>& patterns, std::string_view route) {
  std::vector<std::string> out;
  for (const auto& p : patterns) {
    auto [glob, name] = route_of_pattern(p);
    if (name.empty() || name == route) out.push_back(glob);
  }
  return out;
}

std::vector<std::string> patterns_without_route(const std::vector<std::string>& patterns) {
  std::vector<std::string> out;
  for (const auto& p : patterns) out.push_back(route_of_pattern(p).first);
  return out;
}

std::string check_pattern_routes(const std::vector<std::string>& patterns, const std::vector<ProviderId>& routes,
                                 const char* flag) {
  for (const auto& p : patterns) {
    const std::string name = route_of_pattern(p).second;
    if (name.empty()) continue;
    const bool judged = std::any_of(routes.begin(), routes.end(), [&](ProviderId id) { return provider(id).name == name; });
    if (!judged) {
      std::string names;
      for (ProviderId id : routes) names += (names.empty() ? "" : ", ") + std::string(provider(id).name);
      return fmt::format("{} '{}': {} is not a route of this run (judged: {})", flag, p, name, names);
    }
  }
  return "";
}

std::vector<Check> merge_route_checks(std::vector<RouteChecks> routes) {
  auto not_in_topology_skip = [](const Check& c) {
    return c.status == Status::skip && c.skip_reason.rfind(kNotInTopology, 0) == 0;
  };
  std::set<std::string> ran;  // ids some route judged (not skipped as outside its topology)
  for (const auto& r : routes)
    for (const auto& c : r.checks)
      if (!not_in_topology_skip(c)) ran.insert(c.id);
  std::vector<Check> out;
  for (auto& r : routes)
    for (auto& c : r.checks)
      if (!(not_in_topology_skip(c) && ran.count(c.id))) out.push_back(std::move(c));
  return out;
}

}  // namespace awf

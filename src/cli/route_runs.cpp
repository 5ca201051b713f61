// Which provider routes a run judges, how each runs, and how their checks become one list
// (cli/route_runs.hpp).
#include "cli/route_runs.hpp"

#include <algorithm>
#include <cstdio>
#include <set>
#include <stdexcept>

#include <fmt/format.h>

#include "cli/help_text.hpp"
#include "core/ascii.hpp"
#include "core/check_filter.hpp"
#include "core/interrupt.hpp"
#include "probes/probes.hpp"
#include "probes/settings_sources.hpp"
#include "probes/topology_probe.hpp"
#include "topology/providers.hpp"
#include "topology/topology.hpp"

namespace awf {

namespace {

/// The hops of route `p` that would take awf's built-in default although the user named that hop for
/// another route (docs/topology.md "Named targets"), as (flag to pass, the default it would use).
std::vector<std::pair<std::string, std::string>> unnamed_hops(const Provider& p, bool first, const ChainSpec& first_spec,
                                                              const ChainFlags& flags) {
  std::vector<std::pair<std::string, std::string>> out;
  const bool any_target = flags.base_url || flags.upstream_url || !flags.base_url_for.empty() || !flags.upstream_for.empty();
  if (!any_target) return out;
  const std::string name(p.name);
  const EnvSnapshot& env = first_spec.env;
  auto origin_of = [&](const char* key) {
    auto it = first_spec.origin.find(key);
    return it == first_spec.origin.end() ? std::string("default") : it->second;
  };
  auto var_set = [&](const Provider& row) {
    return std::any_of(row.base_url_vars.begin(), row.base_url_vars.end(), [&](std::string_view v) {
      auto val = env.get(v);
      return val && !val->empty();
    });
  };
  auto other_key = [&](const std::map<std::string, std::string>& named) {
    return std::any_of(named.begin(), named.end(), [&](const auto& kv) { return kv.first != name; });
  };
  // Base URL: a flag for another route, or another row's base-URL variable in the judged environment.
  const bool base_default = first ? origin_of("base_url") == "default" : !flags.base_url_for.count(name) && !var_set(p);
  bool base_named = flags.base_url.has_value() || other_key(flags.base_url_for);
  for (const Provider& row : providers())
    if (row.id != p.id && var_set(row)) base_named = true;
  if (base_default && base_named) {
    const std::string url = first ? first_spec.base_url : awf_base_url(p);
    std::string flag = fmt::format("--base-url {}=URL", name);
    if (!p.base_url_vars.empty()) flag += fmt::format(" (or {} in the judged environment)", p.base_url_vars.front());
    out.emplace_back(flag, "base URL " + url);
  }
  // Upstream: a flag for another route (a row without an upstream host has no default to fall back to).
  const std::string up = first ? first_spec.upstream_url : upstream_origin(p);
  const bool up_default = !up.empty() && (first ? origin_of("upstream_url") == "default" : !flags.upstream_for.count(name));
  if (up_default && (flags.upstream_url.has_value() || other_key(flags.upstream_for)))
    out.emplace_back(fmt::format("--upstream {}=URL", name), "upstream " + up);
  return out;
}

std::string join_pairs(const std::vector<std::pair<std::string, std::string>>& hops, bool second) {
  std::string out;
  for (const auto& h : hops) {
    if (!out.empty()) out += " and ";
    out += second ? h.second : h.first;
  }
  return out;
}

}  // namespace

RouteChoice choose_routes(const ChainSpec& first_spec, const ChainFlags& flags) {
  RouteChoice rc;
  const EnvSnapshot& env = first_spec.env;
  const ProviderChoice first = decide_provider(flags.provider, &env);
  rc.judged.push_back(first.id);
  const bool pinned_by_flag = flags.provider != "auto";
  const bool pinned_by_plain = flags.base_url.has_value() || flags.upstream_url.has_value();
  // The first route is the one the run is about: no target of its own is a usage error.
  if (auto gaps = unnamed_hops(provider(first.id), true, first_spec, flags); !gaps.empty()) {
    const std::string why = pinned_by_flag ? fmt::format("--provider {}", flags.provider)
                                           : fmt::format("the first route, {}", first.decided_by);
    rc.usage_error = fmt::format(
        "the {} route ({}) has no target of its own while other routes' are named: it would use awf's built-in {}; "
        "pass {}",
        provider(first.id).name, why, join_pairs(gaps, true), join_pairs(gaps, false));
    return rc;
  }
  for (const auto& [id, var] : providers_with_vars(env)) {
    if (id == first.id) continue;
    const std::string name(provider(id).name);
    const bool named = flags.base_url_for.count(name) || flags.upstream_for.count(name);
    if (!pinned_by_flag && (!pinned_by_plain || named)) {
      if (auto gaps = unnamed_hops(provider(id), false, first_spec, flags); !gaps.empty() && !named) {
        // Only its variables brought this route in: leave it out rather than probe awf's real addresses.
        const std::string why = fmt::format("it has no target of its own while other routes' are named (it would use "
                                            "awf's built-in {}); add {} to judge it",
                                            join_pairs(gaps, true), join_pairs(gaps, false));
        rc.not_judged.push_back(fmt::format("{} ({}): {}", name, var, why));
        rc.notes.push_back(fmt::format("the {} route is not judged: {}", name, why));
        continue;
      }
      rc.judged.push_back(id);
      continue;
    }
    const std::string why =
        pinned_by_flag
            ? fmt::format("--provider {} pins the run", flags.provider)
            : fmt::format("a plain --base-url/--upstream pins the run; add --base-url {0}=URL --upstream {0}=URL to judge it",
                          name);
    rc.not_judged.push_back(fmt::format("{} ({}): {}", name, var, why));
    // Said on stderr like the named-targets rule's line above (new-user test 13 F7); --provider is on purpose.
    if (!pinned_by_flag) rc.notes.push_back(fmt::format("the {} route ({}) is not judged: {}", name, var, why));
  }
  // A route named only by PROVIDER=URL (its variables unset) is judged too: the flag says it is in play.
  if (!pinned_by_flag)
    for (const auto* named : {&flags.base_url_for, &flags.upstream_for})
      for (const auto& [name, url] : *named)
        if (const Provider* p = provider_named(name);
            p && std::find(rc.judged.begin(), rc.judged.end(), p->id) == rc.judged.end())
          rc.judged.push_back(p->id);
  // A route the user named by a PROVIDER=URL flag but not for every named hop: a usage error.
  for (std::size_t i = 1; i < rc.judged.size(); ++i) {
    const Provider& p = provider(rc.judged[i]);
    if (auto gaps = unnamed_hops(p, false, first_spec, flags); !gaps.empty()) {
      const std::string name(p.name);
      rc.usage_error = fmt::format(
          "the {} route (named by {}) has no target of its own while other routes' are named: it would use awf's built-in {}; "
          "pass {}",
          name, flags.base_url_for.count(name) ? fmt::format("--base-url {}=URL", name) : fmt::format("--upstream {}=URL", name),
          join_pairs(gaps, true), join_pairs(gaps, false));
      return rc;
    }
  }
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

nlohmann::json spec_json(const ChainSpec& spec) {
  return {{"base_url", spec.base_url},
          {"squid_url", spec.squid_url},
          {"upstream_url", spec.upstream_url},
          {"management_url", spec.management_url},
          {"home", spec.home},
          {"managed_settings", spec.managed_settings},
          {"cacert", spec.cacert},
          {"env_source", spec.env.source},
          {"timeout_ms", spec.timeout.count()},
          {"origin", spec.origin}};
}

std::chrono::milliseconds route_deadline_share(std::chrono::milliseconds total, std::chrono::milliseconds used,
                                               std::size_t index, std::size_t count) {
  return std::max<std::chrono::milliseconds>(
      std::chrono::milliseconds(1),
      std::chrono::duration_cast<std::chrono::milliseconds>((total - used) / static_cast<long>(count - index)));
}

ChainSpec spec_for_route(const ChainFlags& flags, ProviderId route, const EnvSnapshot& process_env,
                         SecretSet& secrets, const ProbeIo& io) {
  ChainFlags f = flags;
  f.provider = std::string(provider(route).name);
  f.base_url.reset();
  f.upstream_url.reset();
  ChainSpec spec = resolve_chain_spec(f, process_env);
  if (route == ProviderId::anthropic) probe_detail::apply_settings_base_url(spec, secrets);
  spec.topology = resolve_topology(spec, f, io);
  return spec;
}

RouteRunsResult run_routes(const RouteRunsInput& in, SecretSet& secrets) {
  const RouteChoice& routes = in.routes;
  const SelectionOptions& sel = in.sel;
  std::vector<std::string> route_names;
  for (ProviderId id : routes.judged) route_names.emplace_back(provider(id).name);
  // Each route runs on its own spec (its hops from its provider row and PROVIDER=URL flags), one after
  // another under the one run deadline; a plain --base-url/--upstream belongs to the first route.
  RouteRunsResult result;
  // An interruption does not end this loop: run_checks then starts nothing and records every check of
  // the route as "interrupted by SIG… before this check started", so the report lists them (decisions §1).
  for (std::size_t i = 0; i < routes.judged.size(); ++i) {
    const std::string& name = route_names[i];
    RouteRun rr;
    // The run's one deadline, shared: each route gets an equal part of what is left, so a route whose
    // hop hangs cannot starve the routes after it.
    const auto used = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - in.t0);
    const std::chrono::milliseconds share = route_deadline_share(in.first.timeout, used, i, routes.judged.size());
    if (i == 0) {
      rr.spec = in.first;
    } else {
      try {
        rr.spec = spec_for_route(in.flags, routes.judged[i], in.process_env, secrets, real_io());
      } catch (const std::exception& e) {
        result.exit_code = usage_error(redact(e.what(), secrets));
        return result;
      }
    }
    rr.spec.timeout = share;
    rr.spec.topology.routes = route_names;
    rr.spec.topology.routes_not_judged = routes.not_judged;
    std::vector<CheckDef> route_defs = in.defs;
    if (routes.judged.size() > 1 || !sel.only.empty() || !sel.skip.empty()) {
      const auto only = patterns_for_route(sel.only, name);
      if (!sel.only.empty() && only.empty()) continue;  // --only names other routes' checks only
      try {
        route_defs = filter_checks(select_for_links(all_checks(), in.links), only, patterns_for_route(sel.skip, name));
      } catch (const std::invalid_argument& e) {
        std::fprintf(stderr, "awf-diag: %s\n", e.what());
        result.exit_code = kExitUsage;
        return result;
      }
    }
    rr.checks = run_checks(route_defs, rr.spec, secrets, in.run_opts);
    for (auto& c : rr.checks) c.provider = name;
    const bool upstream_in_scope = std::find(in.links.begin(), in.links.end(), Link::upstream) != in.links.end();
    Report part =
        build_run_report(std::move(rr.checks), nlohmann::json::object(), in.fail_on, name, upstream_in_scope);
    rr.checks = std::move(part.checks);
    rr.hypotheses = std::move(part.hypotheses);
    result.runs.push_back(std::move(rr));
  }
  settle_judged_routes(result, route_names, routes.not_judged);
  return result;
}

void settle_judged_routes(RouteRunsResult& result, const std::vector<std::string>& route_names,
                          const std::vector<std::string>& routes_not_judged) {
  // A route whose every check the selection left out was not judged after all (--skip '*[openai]').
  result.judged_names.clear();
  result.not_judged = routes_not_judged;
  for (const std::string& name : route_names) {
    const bool ran = std::any_of(result.runs.begin(), result.runs.end(), [&](const RouteRun& rr) {
      return route_of(rr.spec.topology).name == name && !rr.checks.empty();
    });
    if (ran) result.judged_names.push_back(name);
    else result.not_judged.push_back(name + ": every check of its route was left out by --only/--skip");
  }
  for (auto& rr : result.runs) {
    rr.spec.topology.routes = result.judged_names;
    rr.spec.topology.routes_not_judged = result.not_judged;
  }
}

MergedRoutes merge_route_runs(std::vector<RouteRun> runs) {
  MergedRoutes out;
  std::vector<RouteChecks> parts;
  for (auto& rr : runs) {
    const std::string name(route_of(rr.spec.topology).name);
    out.route_specs.push_back({{"provider", name}, {"spec", spec_json(rr.spec)}, {"topology", to_json(rr.spec.topology)}});
    parts.push_back({name, std::move(rr.checks)});
    for (auto& h : rr.hypotheses) out.hypotheses.push_back(std::move(h));
  }
  // A single route keeps its hypotheses' plain ids (the provider field still names the route).
  out.checks = merge_route_checks(std::move(parts));
  return out;
}

}  // namespace awf

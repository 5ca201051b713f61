#pragma once
// Several provider routes in one run (issue 5 point 2; decisions.md 2, 12; docs/topology.md "Several
// routes in one run"): which routes a check-chain / probe run judges, how --only/--skip name one
// route's check (`id[provider]`), and how the routes' checks become one report's.
#include <string>
#include <string_view>
#include <vector>

#include "core/chain_spec.hpp"
#include "core/check.hpp"
#include "topology/topology.hpp"

namespace awf {

/// The routes a run judges and those it leaves, decided before any probe of a hop (no I/O) from the
/// first route's resolved spec (`first`: its judged environment `env` and its hops' `origin`; its row is
/// decide_provider(flags.provider, &first.env), as resolve_chain_spec and the topology stage pick it) and
/// the flags:
///  - --provider NAME: that route only;
///  - auto: the first route, then every other provider row with a variable set in `env`
///    (topology/topology.hpp providers_with_vars), in table order, except that a plain --base-url or
///    --upstream (no PROVIDER=) pins the run to its first route: another route is then judged only
///    when a PROVIDER=URL flag names it (so an explicit target never mixes with built-in defaults);
///  - named targets (docs/topology.md "Named targets"): once any --base-url/--upstream is given, a
///    route whose base URL or upstream would be awf's built-in default (172.30.0.30:<port>,
///    https://<row's host>) while that hop is named for another route (a flag, or for the base URL
///    another row's base-URL variable in `env`) is never run on the default: the first route and a
///    route named by a PROVIDER=URL flag make `usage_error` (exit 2, naming the route and the missing
///    flag); a route only its variables brought in is left out (`not_judged`) and said in `notes`.
/// `not_judged` gets "<name> (<VAR>): <why>" for each row left out. Pure.
struct RouteChoice {
  std::vector<ProviderId> judged;
  std::vector<std::string> not_judged;
  std::string usage_error;         ///< "" or one line: a route the user asked for has no target of its own
  std::vector<std::string> notes;  ///< one line per route left out for a missing target (stderr)
};
RouteChoice choose_routes(const ChainSpec& first, const ChainFlags& flags);

/// The --only/--skip patterns that apply to route `route` (a provider row's name): `glob[NAME]`,
/// NAME a provider row's name, applies to that route only (the suffix dropped); every other pattern
/// (fnmatch brackets included, e.g. `proxy.[ft]*`) to every route.
std::vector<std::string> patterns_for_route(const std::vector<std::string>& patterns, std::string_view route);
/// The patterns with any `[NAME]` route suffix dropped (to check the ids before routes are known).
std::vector<std::string> patterns_without_route(const std::vector<std::string>& patterns);
/// "" or one line naming a pattern whose `[NAME]` is not one of `routes` (a usage error, exit 2).
std::string check_pattern_routes(const std::vector<std::string>& patterns, const std::vector<ProviderId>& routes,
                                 const char* flag);

/// One route's finished checks, provider already set on each.
struct RouteChecks {
  std::string provider;
  std::vector<Check> checks;
};
/// The checks of several routes as one list, route by route: a check a route skipped as not part of
/// its topology (topology.hpp kNotInTopology: Claude Code's helper on the OpenAI route …) is dropped
/// when another route ran that check, so each link shows the route it belongs to; everything else
/// is kept, (id, provider) unique.
std::vector<Check> merge_route_checks(std::vector<RouteChecks> routes);

}  // namespace awf

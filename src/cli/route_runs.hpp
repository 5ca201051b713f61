#pragma once
// Several provider routes in one run (issue 5 point 2; decisions.md 2, 12; docs/topology.md "Several
// routes in one run"): which routes a check-chain / probe run judges, how --only/--skip name one
// route's check (`id[provider]`), and how the routes' checks become one report's.
#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/selection_options.hpp"
#include "core/chain_spec.hpp"
#include "core/check.hpp"
#include "core/probe_io.hpp"
#include "core/redact.hpp"
#include "core/runner.hpp"
#include "report/report.hpp"
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
  std::vector<std::string> notes;  ///< one line per route left out without --provider (stderr)
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

/// The spec as a report records it (run.spec, run.routes[].spec): hops, files, env source,
/// timeout_ms (the route's share of the deadline, ms) and origin. Pure.
nlohmann::json spec_json(const ChainSpec& spec);

/// The part of the run's one deadline `total` (ms) that route `index` of `count` gets once `used`
/// has gone: an equal part of what is left, at least 1 ms, so a route whose hop hangs cannot starve
/// the routes after it. Requires index < count. Pure.
std::chrono::milliseconds route_deadline_share(std::chrono::milliseconds total, std::chrono::milliseconds used,
                                               std::size_t index, std::size_t count);

/// The spec of a route after the first: `flags` with --provider `route` and no plain --base-url /
/// --upstream (those belong to the first route; PROVIDER=URL flags still apply), resolved against
/// `process_env`; for the anthropic route the settings env blocks' base URL applies
/// (probes/settings_sources.hpp, their credentials added to `secrets`); its topology resolved with
/// `io`. Throws what resolve_chain_spec throws (std::invalid_argument for a flag, std::exception
/// for an --env-file that cannot be read); the caller makes that a usage error.
ChainSpec spec_for_route(const ChainFlags& flags, ProviderId route, const EnvSnapshot& process_env,
                         SecretSet& secrets, const ProbeIo& io);

/// One route's run: its spec, topology, selection and checks (provider set on each), after the
/// green rule, with its hypotheses (tagged with the route).
struct RouteRun {
  ChainSpec spec;
  std::vector<Check> checks;
  std::vector<Hypothesis> hypotheses;
};

/// What run_routes needs: the first route's resolved spec (its topology set), the flags and process
/// environment the other routes' specs come from, the routes chosen, the checks selected for
/// `links` with route suffixes dropped (`defs`), the --only/--skip patterns, the run's start (the
/// deadline is spec.timeout from `t0`), the runner's options and --fail-on.
struct RouteRunsInput {
  const ChainSpec& first;
  const ChainFlags& flags;
  const EnvSnapshot& process_env;
  const RouteChoice& routes;
  const std::vector<CheckDef>& defs;
  const std::vector<Link>& links;
  const SelectionOptions& sel;
  std::chrono::steady_clock::time_point t0;
  const RunOptions& run_opts;
  FailOn fail_on;
};

/// The routes' runs and the routes they judged in the end.
struct RouteRunsResult {
  /// Not 0: a route's spec or selection was a usage error, already printed (redacted); exit with it.
  int exit_code = 0;
  std::vector<RouteRun> runs;
  /// Names of the routes that ran at least one check, in route order; each run's
  /// topology.routes is set to it.
  std::vector<std::string> judged_names;
  /// routes.not_judged plus "<name>: every check of its route was left out by --only/--skip";
  /// each run's topology.routes_not_judged is set to it.
  std::vector<std::string> not_judged;
};

/// Runs each judged route on its own spec (the first route on `in.first`, the others on
/// spec_for_route with real_io()), one after another under the one run deadline
/// (route_deadline_share), each with the --only/--skip patterns for that route; after an interrupt
/// (core/interrupt.hpp) every later route's checks are recorded as interrupted, none runs. Checks are
/// tagged with the route's name and pass through build_run_report (green rule, with the upstream in
/// scope when `links` holds it; hypotheses tagged with the route).
RouteRunsResult run_routes(const RouteRunsInput& in, SecretSet& secrets);

/// Which routes ran: `judged_names` = names of `route_names` with a run that has checks;
/// `not_judged` = `routes_not_judged` plus a line for each other name; both copied into every
/// run's topology. Pure.
void settle_judged_routes(RouteRunsResult& result, const std::vector<std::string>& route_names,
                          const std::vector<std::string>& routes_not_judged);

/// The routes' runs as one report's parts: the checks merged (merge_route_checks), the hypotheses
/// route by route, and run.routes entries ({provider, spec, topology}) for each run. Consumes `runs`.
struct MergedRoutes {
  std::vector<Check> checks;
  std::vector<Hypothesis> hypotheses;
  nlohmann::json route_specs = nlohmann::json::array();
};
MergedRoutes merge_route_runs(std::vector<RouteRun> runs);

}  // namespace awf

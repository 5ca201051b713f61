#pragma once
// The topology: which chain a run judges, decided once before any probe of a hop runs
// (decisions.md 3-7; docs/topology.md).
//   awf     — awf's api-proxy sidecar sits at the base URL (and Squid behind it);
//   gateway — the base URL points at some other endpoint (a LiteLLM-style gateway that forwards, or a
//             provider-compatible service that answers itself);
//   direct  — no base URL override: the client talks to the provider's own host.
// An HTTPS-proxy (Squid) hop exists in any mode exactly when the judged environment routes the client
// through one (HTTPS_PROXY …) or --squid names one.
//
// Evidence `auto` reads, strongest first: an awf marker in the judged environment (AWF_*,
// CLAUDE_CODE_API_KEY_HELPER, SQUID_PROXY_HOST; awf sets them in every agent, domain §2); what the
// base URL's GET /health answers (awf's per-port service names "awf-api-proxy-<provider>" /
// "<provider>-proxy", or the management shape with providers/key_validation, domain §4); the base URL
// host being awf's sidecar address (172.30.0.30 / api-proxy, domain §1); whether a base URL is set at
// all. An answer that is none of awf's shapes makes the base URL a gateway; no answer at all and no
// other evidence leaves awf (the tool's default) with `undecided` set and the summary saying so.
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "topology/providers.hpp"

namespace awf {

struct EnvSnapshot;

enum class Mode { awf, gateway, direct };

std::string to_string(Mode m);
/// "awf" | "gateway" | "direct"; nullopt otherwise ("auto" is not a mode).
std::optional<Mode> mode_from_string(std::string_view s);

struct Topology {
  Mode mode = Mode::awf;
  /// "flag" (--mode), "auto" (decided from evidence) or "default" (nothing resolved it: tests, old
  /// reports).
  std::string mode_decided_by = "default";
  ProviderId provider = ProviderId::anthropic;
  /// "flag" (--provider), "env:<VAR>" (the first of the provider's variables set), or "default".
  std::string provider_decided_by = "default";
  /// One sentence per fact read, in the order the decision read them.
  std::vector<std::string> evidence;
  /// Every provider route this run judges, by row name, `provider` first (docs/topology.md "Several
  /// routes in one run"); empty = just `provider` (tests, old reports).
  std::vector<std::string> routes;
  /// Other provider rows with a variable set in the judged environment that this run does not judge,
  /// as "<name> (<VAR>)" plus, when the CLI decided it, why (pinned by --provider or a plain hop flag).
  std::vector<std::string> routes_not_judged;
  bool squid_hop = true;    ///< an HTTPS proxy is on the client's (or sidecar's) route
  bool undecided = false;   ///< auto found no evidence either way and kept awf
};

/// What the base URL's GET /health answered (auto only; read by probes/topology_probe.cpp).
struct BaseUrlAnswer {
  bool asked = false;            ///< a request was sent
  std::optional<int> http_status;  ///< nullopt = no HTTP answer
  std::string transport;         ///< the transport error in words when no answer
  std::string service;           ///< body.service, "" when absent
  bool awf_sidecar = false;      ///< the body is one of awf's /health shapes (domain §4)
};

/// Everything decide_topology reads. Pointers are borrowed for the call.
struct TopologyInputs {
  std::string mode_flag = "auto";      ///< --mode: auto | awf | gateway | direct
  std::string provider_flag = "auto";  ///< --provider: auto | anthropic | openai | copilot | gemini
  const EnvSnapshot* env = nullptr;    ///< the judged environment (required)
  std::string base_url;                ///< the resolved base URL
  std::string base_url_origin;         ///< "flag" | "env:<VAR>" | "default" (ChainSpec::origin)
  std::string squid_origin;            ///< "flag" | "env:<VAR>" | "default"
  BaseUrlAnswer base_health;           ///< GET <base>/health (asked only in auto mode)
};

/// The provider decision alone: --provider when it names a row; else the first row (anthropic, openai,
/// copilot, gemini) with one of its base-URL, key, token or OAuth variables set (non-empty) in `env`;
/// else anthropic. `decided_by` is "flag" | "env:<VAR>" | "default"; `evidence` is one sentence.
/// Pure; `env` may be null. resolve_chain_spec uses it for each hop's default address, so the
/// addresses and the judged route always come from the same row.
struct ProviderChoice {
  ProviderId id = ProviderId::anthropic;
  std::string decided_by = "default";
  std::string evidence;
};
ProviderChoice decide_provider(std::string_view provider_flag, const EnvSnapshot* env);

/// Every provider row with a base-URL, key, token or OAuth variable set (non-empty) in `env`, in
/// table order, with the first such variable's name. Pure.
std::vector<std::pair<ProviderId, std::string>> providers_with_vars(const EnvSnapshot& env);

/// Decides mode and provider. Pure: no I/O, never throws for any input (an unknown flag value is the
/// CLI's usage error before this runs; here it counts as auto).
Topology decide_topology(const TopologyInputs& in);

/// The provider of a topology (its row).
const Provider& route_of(const Topology& t);

/// The report's `topology` object: {mode, mode_decided_by, provider, provider_decided_by, routes[],
/// routes_not_judged[], squid_hop, undecided, evidence[]}.
nlohmann::json to_json(const Topology& t);

/// One line naming the topology for the text report's first line, e.g.
/// "topology: gateway (auto), provider anthropic (env:ANTHROPIC_BASE_URL), no Squid hop".
std::string describe(const Topology& t);

/// Whether check `check_id` is part of this topology. nullopt = it applies; otherwise the skip reason
/// "not part of this topology (mode: gateway): <why>". The table is docs/topology.md's.
std::optional<std::string> not_in_topology(std::string_view check_id, const Topology& t);

/// The prefix every such skip reason starts with (the runner lets these skips through: a check of a
/// hop that is not there never blocks the checks after it).
inline constexpr std::string_view kNotInTopology = "not part of this topology";

}  // namespace awf

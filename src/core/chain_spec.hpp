#pragma once
// ChainSpec: where the links are, resolved once at the edge: flags > environment > awf defaults
// (design.md "ChainSpec"). Defaults are awf's addresses (domain.md §1): api-proxy
// http://172.30.0.30:10001, Squid http://172.30.0.10:3128, upstream https://api.anthropic.com for the
// Anthropic route; the provider row's port and host for the others (topology/providers.hpp).
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "core/env_snapshot.hpp"
#include "topology/topology.hpp"
#include "topology/clients.hpp"

namespace awf {

/// What the user passed on the command line (empty optional = flag not given).
struct ChainFlags {
  std::optional<std::string> base_url;
  std::optional<std::string> squid_url;
  std::optional<std::string> upstream_url;
  /// --base-url PROVIDER=URL / --upstream PROVIDER=URL (decisions.md 12): one route's hop, keyed by
  /// the provider row's name. They win over the plain forms above for that route.
  std::map<std::string, std::string> base_url_for;
  std::map<std::string, std::string> upstream_for;
  std::optional<std::string> management_url;
  std::optional<std::string> cacert;
  std::optional<std::string> home;
  std::optional<std::string> managed_settings;  ///< --managed-settings PATH
  std::optional<std::string> env_file;
  std::optional<double> timeout_s;
  std::optional<std::string> model;      ///< --model: the stream probe's model
  std::optional<int> stream_tokens;      ///< --stream-tokens N: the stream probe's max_tokens
  std::optional<long long> stream_watchdog_ms;  ///< --stream-watchdog-ms N: the client's stream watchdog
  bool no_spend = false;                 ///< --no-spend: send no request that could be billed
  std::string mode = "auto";             ///< --mode auto|awf|gateway|direct (topology/topology.hpp)
  std::string provider = "auto";         ///< --provider auto|anthropic|openai|copilot|gemini
  std::optional<std::string> client;     ///< --client claude-code|codex|copilot|auto
  std::optional<std::string> client_profile;  ///< --client-profile FILE (decisions.md 13)
};

/// The stream probe's request (decisions.md 14): the model the client would use (Claude Code
/// 2.1.88: claude-sonnet-4-6), a few dozen output tokens to measure pacing, and whether any
/// billable request may be sent at all.
struct StreamPlan {
  std::string model = "claude-sonnet-4-6";
  int max_tokens = 32;    ///< output tokens at most (1..4096)
  bool no_spend = false;  ///< true: the stream probe sends nothing (H3 stays inconclusive)
  /// The client's stream watchdog (ms of silence before the first event or between events that it
  /// tolerates): Claude Code 2.1.88's CLAUDE_STREAM_IDLE_TIMEOUT_MS default, 90000 (docs/sse.md).
  std::int64_t watchdog_ms = 90000;
};

struct ChainSpec {
  std::string base_url;      ///< api-proxy base URL (ANTHROPIC_BASE_URL)
  std::string squid_url;     ///< Squid proxy URL (HTTPS_PROXY …)
  std::string upstream_url;  ///< provider origin, e.g. https://api.anthropic.com[:port]
  /// The sidecar's management origin (GET /health, /reflect; domain.md §4); "" = derive it from the
  /// base URL's host and awf's management port 10000 (probes/sidecar_state.cpp).
  std::string management_url;
  std::string cacert;        ///< CA bundle path for TLS to the upstream; empty = system store
  std::string home;          ///< home directory whose settings files declare apiKeyHelper
  /// Claude Code's managed settings file (highest precedence; domain.md §3): --managed-settings, else
  /// /etc/claude-code/managed-settings.json (observe/settings_facts.hpp kManagedSettingsPath).
  std::string managed_settings = "/etc/claude-code/managed-settings.json";
  EnvSnapshot env;           ///< the judged environment (process or --env-file)
  std::chrono::milliseconds timeout{30000};  ///< whole-run deadline
  StreamPlan stream;                          ///< the stream probe's request (--model, --stream-tokens, --no-spend)
  /// Which chain is judged (mode, provider, Squid hop). Default-constructed = awf mode on the
  /// Anthropic route, decided by "default"; the CLI resolves it (probes/topology_probe.hpp) before
  /// the run, and the runner skips the checks of hops that are not in it.
  Topology topology;
  /// The client whose request the client-shaped probe sends (probes/client_probe.hpp): "auto"
  /// (the judged environment's client; Claude Code on the Anthropic route) or a built-in id.
  std::string client = "auto";
  /// A profile loaded from --client-profile; wins over `client` when set.
  std::shared_ptr<const topology::ClientProfile> client_profile;
  /// For each of base_url, squid_url, upstream_url, home: where its value came from
  /// ("flag", "env:ANTHROPIC_BASE_URL", "default").
  std::map<std::string, std::string> origin;
};

inline constexpr const char* kDefaultBaseUrl = "http://172.30.0.30:10001";
inline constexpr const char* kDefaultSquidUrl = "http://172.30.0.10:3128";
inline constexpr const char* kDefaultUpstreamUrl = "https://api.anthropic.com";

/// A proxy URL as libcurl reads one: without "scheme://" it is http:// (CURLOPT_PROXY), so
/// `127.0.0.1:3128` means `http://127.0.0.1:3128` whether it comes from --squid or $HTTPS_PROXY.
std::string proxy_url_with_scheme(const std::string& url);

/// Resolves the spec. The Squid URL is normalised with proxy_url_with_scheme. `process_env` is this process's environment; when flags.env_file is set the
/// file is read and becomes the judged environment (and the source of env defaults).
/// Defaults come from the provider row decide_provider(flags.provider, judged env) picks:
/// base_url_for[row] > base_url flag > the row's base URL variables ($ANTHROPIC_BASE_URL; $OPENAI_BASE_URL; $COPILOT_API_URL,
/// $COPILOT_PROVIDER_BASE_URL; …) > http://172.30.0.30:<the row's sidecar port> (kDefaultBaseUrl for
/// anthropic); squid_url flag > $HTTPS_PROXY > $https_proxy > $HTTP_PROXY > kDefaultSquidUrl; upstream
/// flag > https://<the row's upstream host> (kDefaultUpstreamUrl for anthropic; "" for a row without
/// one), upstream_for[row] first; home flag >
/// $HOME > "/root"; managed_settings flag > /etc/claude-code/managed-settings.json; timeout flag
/// (seconds) > 30 s.
/// Throws std::runtime_error when the env file cannot be read or parsed (exit code 3 upstream);
/// std::invalid_argument for an unknown --client or a --client-profile that does not load (exit 2).
ChainSpec resolve_chain_spec(const ChainFlags& flags, const EnvSnapshot& process_env);

}  // namespace awf

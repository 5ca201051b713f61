#include "core/chain_spec.hpp"

#include "topology/client_profile_json.hpp"

#include <cmath>
#include <stdexcept>

namespace awf {
namespace {

// First of `names` set (and non-empty) in env.
std::optional<std::pair<std::string, std::string>> first_set(const EnvSnapshot& env,
                                                             const std::vector<std::string_view>& names) {
  for (std::string_view n : names)
    if (auto v = env.get(n); v && !v->empty()) return std::make_pair(std::string(n), *v);
  return std::nullopt;
}

}  // namespace

std::string proxy_url_with_scheme(const std::string& url) {
  if (url.empty() || url.find("://") != std::string::npos) return url;
  return "http://" + url;
}

ChainSpec resolve_chain_spec(const ChainFlags& flags, const EnvSnapshot& process_env) {
  ChainSpec spec;
  spec.env = flags.env_file ? env_from_file(*flags.env_file) : process_env;
  const EnvSnapshot& env = spec.env;

  auto pick = [&](const std::optional<std::string>& flag, const std::vector<std::string_view>& vars,
                  const std::string& fallback, const char* key) {
    if (flag) {
      spec.origin[key] = "flag";
      return *flag;
    }
    if (auto v = first_set(env, vars)) {
      spec.origin[key] = "env:" + v->first;
      return v->second;
    }
    spec.origin[key] = "default";
    return fallback;
  };
  // Each hop's default comes from the judged provider's row (docs/topology.md "Addresses"): its base
  // URL variables, awf's sidecar port for it (domain §1), its upstream host.
  const Provider& route = provider(decide_provider(flags.provider, &env).id);
  auto for_route = [&](const std::map<std::string, std::string>& named, const std::optional<std::string>& plain) {
    auto it = named.find(std::string(route.name));
    return it != named.end() ? std::optional<std::string>(it->second) : plain;
  };
  spec.base_url = pick(for_route(flags.base_url_for, flags.base_url), route.base_url_vars, awf_base_url(route), "base_url");
  spec.squid_url = proxy_url_with_scheme(
      pick(flags.squid_url, {"HTTPS_PROXY", "https_proxy", "HTTP_PROXY"}, kDefaultSquidUrl, "squid_url"));
  // A row without an upstream host (gemini) leaves the upstream empty: the probes that need it say so.
  spec.upstream_url = pick(for_route(flags.upstream_for, flags.upstream_url), {}, upstream_origin(route), "upstream_url");
  spec.home = pick(flags.home, {"HOME"}, "/root", "home");
  if (flags.managed_settings) spec.managed_settings = *flags.managed_settings;
  spec.origin["managed_settings"] = flags.managed_settings ? "flag" : "default";
  spec.cacert = flags.cacert.value_or("");
  spec.management_url = flags.management_url.value_or("");
  spec.origin["management_url"] = flags.management_url ? "flag" : "default";
  if (flags.timeout_s) {
    if (!(*flags.timeout_s > 0) || !std::isfinite(*flags.timeout_s))
      throw std::invalid_argument("--timeout must be a positive number of seconds");
    spec.timeout = std::chrono::milliseconds(static_cast<long long>(*flags.timeout_s * 1000.0));
  }
  if (flags.model) {
    if (flags.model->empty()) throw std::invalid_argument("--model must not be empty");
    spec.stream.model = *flags.model;
  }
  if (flags.stream_tokens) {
    if (*flags.stream_tokens < 1 || *flags.stream_tokens > 4096)
      throw std::invalid_argument("--stream-tokens must be between 1 and 4096");
    spec.stream.max_tokens = *flags.stream_tokens;
  }
  if (flags.stream_watchdog_ms) {
    if (*flags.stream_watchdog_ms < 1 || *flags.stream_watchdog_ms > 3600000)
      throw std::invalid_argument("--stream-watchdog-ms must be between 1 and 3600000");
    spec.stream.watchdog_ms = *flags.stream_watchdog_ms;
  }
  spec.stream.no_spend = flags.no_spend;
  if (flags.client) {
    if (*flags.client != "auto") (void)topology::builtin_profile(*flags.client);  // throws naming the known ids
    spec.client = *flags.client;
  }
  if (flags.client_profile) {
    try {
      spec.client_profile = std::make_shared<const topology::ClientProfile>(topology::load_client_profile(*flags.client_profile));
    } catch (const std::exception& e) {
      // load_client_profile's message already starts with "--client-profile FILE: …".
      throw std::invalid_argument(e.what());
    }
  }
  return spec;
}

}  // namespace awf

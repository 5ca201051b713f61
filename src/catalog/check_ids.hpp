#pragma once
// Stable check ids (decisions.md 2), as constants: rules, tables and probes name checks through
// these, so a typo does not compile. docs/probes.md explains each.
#include <string_view>

namespace awf::check_id {

inline constexpr std::string_view topology_mode = "topology.mode";
inline constexpr std::string_view topology_provider = "topology.provider";
inline constexpr std::string_view helper_config = "helper.config";
inline constexpr std::string_view helper_run = "helper.run";
inline constexpr std::string_view env_base_url = "env.base_url";
inline constexpr std::string_view env_api_key = "env.api_key";
inline constexpr std::string_view env_auth_token = "env.auth_token";
inline constexpr std::string_view env_no_proxy = "env.no_proxy";
inline constexpr std::string_view env_settings_env = "env.settings_env";
inline constexpr std::string_view env_client_path = "env.client_path";
inline constexpr std::string_view env_extra_ca_certs = "env.extra_ca_certs";
inline constexpr std::string_view proxy_tcp = "proxy.tcp";
inline constexpr std::string_view proxy_health = "proxy.health";
inline constexpr std::string_view proxy_forward = "proxy.forward";
inline constexpr std::string_view proxy_sidecar_state = "proxy.sidecar_state";
inline constexpr std::string_view proxy_stream = "proxy.stream";
inline constexpr std::string_view squid_sidecar_tunnel = "squid.sidecar_tunnel";
inline constexpr std::string_view squid_connect = "squid.connect";
inline constexpr std::string_view squid_tls = "squid.tls";
inline constexpr std::string_view upstream_reachable = "upstream.reachable";
inline constexpr std::string_view upstream_auth = "upstream.auth";
// Log evidence (logs/log_checks.hpp, docs/analyze.md): `log.<source>.<name>`.
inline constexpr std::string_view log_agent_health_check = "log.agent.health_check";
inline constexpr std::string_view log_agent_requests = "log.agent.requests";
inline constexpr std::string_view log_agent_client_errors = "log.agent.client_errors";
inline constexpr std::string_view log_proxy_crash = "log.proxy.crash";
inline constexpr std::string_view log_proxy_requests = "log.proxy.requests";
inline constexpr std::string_view log_squid_sidecar_address = "log.squid.sidecar_address";
inline constexpr std::string_view log_squid_sidecar_tunnel = "log.squid.sidecar_tunnel";
inline constexpr std::string_view log_squid_sidecar_startup = "log.squid.sidecar_startup";
inline constexpr std::string_view log_squid_agent_denials = "log.squid.agent_denials";
inline constexpr std::string_view log_upstream_auth = "log.upstream.auth";
inline constexpr std::string_view capture_listen = "capture.listen";
inline constexpr std::string_view capture_requests = "capture.requests";
inline constexpr std::string_view capture_auth = "capture.auth";
inline constexpr std::string_view capture_paths = "capture.paths";
inline constexpr std::string_view capture_answers = "capture.answers";
inline constexpr std::string_view capture_stream = "capture.stream";
inline constexpr std::string_view upstream_stream = "upstream.stream";
inline constexpr std::string_view proxy_client_request = "proxy.client_request";
inline constexpr std::string_view upstream_client_request = "upstream.client_request";

}  // namespace awf::check_id

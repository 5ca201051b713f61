#pragma once
// The ids the rules decide, as enumerations: a typo does not compile. Their spelling in the report
// ("proxy-invalid-injected-header", "H1", "supported") lives in one place, the catalog
// (catalog/catalog.hpp). Ids are never reused; a retired id stays in the catalog as retired.
#include <string_view>

namespace awf {

/// Every fault a rule can name (docs/hypotheses.md "Causes beyond H1–H4").
enum class FaultId {
  // helper link (domain facts: docs/providers.md, helper section)
  helper_not_configured,
  helper_config_not_read,
  helper_settings_disagree,
  helper_empty_command,
  helper_not_found,
  helper_not_executable,
  helper_exit_nonzero,
  helper_timeout,
  helper_empty_output,
  helper_multiline,
  helper_output_flood,
  helper_output_binary,
  helper_old_placeholder,
  helper_real_key,
  helper_unexpected_value,
  // env link
  env_base_url_missing,
  env_base_url_malformed,
  env_base_url_path,
  env_api_key_present,
  env_old_placeholder,
  env_real_token,
  env_token_not_placeholder,
  env_oauth_token_present,
  env_settings_block_credential,
  env_no_proxy_host_missing,
  env_no_proxy_mismatch,
  // proxy link
  proxy_not_listening,
  proxy_no_response,
  proxy_invalid_injected_header,
  proxy_provider_not_configured,
  proxy_own_error,
  proxy_unrecognised_answer,
  proxy_stream_buffered,
  proxy_stream_event_lines_dropped,
  proxy_stream_not_sse,
  proxy_request_body_altered,
  // squid link
  squid_unreachable,
  squid_connect_timeout,
  squid_denied_sidecar,
  squid_dns_fail,
  squid_upstream_connect_fail,
  squid_connect_refused,
  squid_refused_sidecar,
  squid_tunnel_failed,
  squid_tls_failed,
  squid_tunnel_dropped,
  squid_parent_unreachable,
  // upstream link
  upstream_key_rejected,
  upstream_path_not_found,
  upstream_beta_header_rejected,
  upstream_parameter_rejected,
  upstream_model_rejected,
  upstream_path_rejected,
  upstream_stream_truncated,
  upstream_stream_error,
  upstream_error,
  upstream_not_provider,
  // issue 5: the sidecar's own 502s, and the report's "no green without the upstream's acceptance"
  sidecar_upstream_cert_untrusted,
  sidecar_upstream_socket_error,
  upstream_acceptance_unseen,
  sidecar_key_invalid_character,
  sidecar_process_gone,
  // issue 7: log evidence
  squid_denied_side_traffic,
  // issue 5 (c): the topology model; in a direct topology the client's own request
  upstream_no_answer,
  // issue 6 (c): the client-shaped request and its bisection (probes/client_probe.hpp)
  gateway_auth_header_precedence,
  proxy_client_element_refused,
  upstream_client_element_refused,
  client_path_not_served,
  // issue 10: what capture saw the agent send
  env_agent_sent_real_credential,
  // issue 6 pt 5: protocol failures named for what they are (rules/protocol_rules.cpp)
  proxy_not_http,
  proxy_scheme_mismatch,
  squid_not_http_proxy,
  squid_proxy_auth_required,
  upstream_not_http,
  upstream_scheme_mismatch,
  // issue 6 (R25): a path the client is configured to use is the client's configuration (env link)
  env_client_protocol_mismatch,
  // issue 5 (2): client behaviours of the provider table (domain §8)
  env_client_ignores_base_url,
  env_token_not_token_shaped,
  // issue 5 (7): the other settings sources and NODE_EXTRA_CA_CERTS
  helper_managed_overrides,
  env_extra_ca_unreadable,
  env_extra_ca_not_pem,
  env_extra_ca_settings_only,
  // a real users' cause the four hypotheses miss: the account has no credit (answer_400)
  upstream_credit_exhausted,
  proxy_wrong_provider_port,
  // issue 6 (5): a proxy that wants credentials answers at the base URL itself (its /health gets 407)
  proxy_base_url_wants_proxy_auth,
  // issue 5 (new-user test F7, F25): a base URL that is not awf's sidecar, judged for what it is
  proxy_gateway_own_error,
  proxy_base_url_is_http_proxy,
  // issue 6 pt 4 (new-user F3, F14): streams a client cannot use, and the client's stream watchdog
  proxy_stream_encoding_mismatch,
  proxy_stream_malformed,
  upstream_stream_idle,
  // new-user test F6: an anthropic-beta value the client never sent, added by a hop (answer_400.hpp)
  proxy_beta_value_added,
  // new-user test F13: an https:// base URL whose TLS handshake fails is not "never answers"
  proxy_tls_failed,
  // new-user test 13 F12: the api-proxy's log shows its own forwarding failing (request_error only)
  proxy_forward_errors_logged,
  // new-user test 13 F6: bytes after message_stop do not make a complete stream truncated (warn only)
  proxy_stream_after_stop,
};
inline constexpr int kFaultCount = static_cast<int>(FaultId::proxy_stream_after_stop) + 1;

/// The seed's hypotheses (awf #1527), always reported in this order.
enum class HypothesisId { H1, H2, H3, H4 };
inline constexpr HypothesisId kAllHypotheses[] = {HypothesisId::H1, HypothesisId::H2, HypothesisId::H3,
                                                  HypothesisId::H4};

enum class Verdict { supported, refuted, inconclusive, not_applicable };

/// "supported" | "refuted" | "inconclusive" | "not-applicable".
std::string_view to_string(Verdict v);

}  // namespace awf

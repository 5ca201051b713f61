// to_json(Observation) (observation_json.hpp). Every field is written, in the struct's own terms;
// an absent optional is null.
#include "observe/observation_json.hpp"

namespace awf {
namespace {

using nlohmann::json;

template <class T>
json opt(const std::optional<T>& v) {
  return v ? json(*v) : json(nullptr);
}

json exchange_json(const Exchange& e) {
  return {{"source", to_string(e.source)},
          {"observer", to_string(e.observer)},
          {"client_addr", e.client_addr},
          {"sent",
           {{"method", e.sent.method},
            {"target", e.sent.target},
            {"header_names", e.sent.header_names},
            {"body", e.sent.body},
            {"credential_kind", e.sent.credential_kind}}},
          {"http_status", opt(e.http_status)},
          {"complete", e.complete},
          {"transport", to_string(e.transport)},
          {"transport_detail", e.transport_detail},
          {"origin", to_string(e.origin)},
          {"origin_why", e.origin_why},
          {"error_type", e.error_type},
          {"error_message", e.error_message},
          {"request_id", e.request_id},
          {"squid_error", e.squid_error},
          {"connect_status", opt(e.connect_status)},
          {"squid_result", e.squid_result},
          {"squid_hierarchy", e.squid_hierarchy},
          {"client_error", e.client_error},
          {"other_provider_shape", e.other_provider_shape},
          {"http_proxy_answer", e.http_proxy_answer},
          {"timing_ms", e.timing_ms}};
}

json sidecar_json(const SidecarState& s) {
  json kv = json::object();
  for (const auto& [name, v] : s.key_validation) kv[name] = {{"status", v.status}, {"message", v.message}};
  return {{"parsed", s.parsed},
          {"awf_shape", s.awf_shape},
          {"status", s.status},
          {"service", s.service},
          {"squid_proxy", s.squid_proxy},
          {"providers", s.providers},
          {"key_validation_complete", opt(s.key_validation_complete)},
          {"key_validation", kv},
          {"total_requests", opt(s.total_requests)},
          {"total_errors", opt(s.total_errors)}};
}

json stream_json(const sse::StreamResult& r) {
  json findings = json::array();
  for (const auto& f : r.findings)
    findings.push_back({{"kind", sse::to_string(f.kind)}, {"detail", f.detail}, {"event_index", opt(f.event_index)}});
  return {{"findings", findings},
          {"events", r.events},
          {"events_with_event_line", r.events_with_event_line},
          {"comments", r.comments},
          {"bytes", r.bytes},
          {"event_names", r.event_names},
          {"saw_message_start", r.saw_message_start},
          {"saw_message_stop", r.saw_message_stop},
          {"stop_reason", opt(r.stop_reason)},
          {"input_tokens", opt(r.input_tokens)},
          {"output_tokens", opt(r.output_tokens)},
          {"error_type", opt(r.error_type)},
          {"error_message", opt(r.error_message)},
          {"first_byte_ms", opt(r.first_byte_ms)},
          {"first_event_ms", opt(r.first_event_ms)},
          {"last_event_ms", opt(r.last_event_ms)},
          {"total_ms", r.total_ms},
          {"received_span_ms", opt(r.received_span_ms)},
          {"max_gap_ms", r.max_gap_ms},
          {"buffering", sse::to_string(r.buffering)}};
}

json captured_json(const CapturedFacts& c) {
  return {{"auth_schemes", c.auth_schemes}, {"first_credentials", c.first_credentials},
          {"requests", c.requests},         {"unserved", c.unserved},
          {"versions", c.versions},         {"betas", c.betas}};
}

json secret_json(const SecretVar& v) {
  return {{"name", v.name}, {"bytes", v.bytes}, {"fingerprint", v.fingerprint}, {"blank", v.blank}};
}

const char* role_name(SettingsEnvVar::Role r) {
  switch (r) {
    case SettingsEnvVar::Role::api_key: return "api-key";
    case SettingsEnvVar::Role::token: return "token";
    case SettingsEnvVar::Role::base_url: return "base-url";
  }
  return "api-key";
}

json env_json(const EnvFacts& f) {
  json j{{"awf_marker", f.awf_marker}, {"other_provider_var", f.other_provider_var},
         {"any_credential", f.any_credential}};
  if (f.base_url) {
    const BaseUrlFacts& b = *f.base_url;
    j["base_url"] = {{"var", b.var},       {"set", b.set},       {"blank", b.blank},
                     {"value", b.value},   {"has_scheme", b.has_scheme}, {"parsed", b.parsed},
                     {"parse_error", b.parse_error}, {"scheme", b.scheme}, {"host", b.host},
                     {"port", b.port},     {"explicit_port", b.explicit_port}, {"path", b.path}};
  }
  json keys = json::array();
  for (const auto& k : f.key_vars) keys.push_back(secret_json(k));
  j["key_vars"] = keys;
  j["token_kind"] = f.token ? json(to_string(*f.token)) : json(nullptr);
  j["token_var"] = f.token_var ? secret_json(*f.token_var) : json(nullptr);
  j["oauth_var"] = f.oauth_var ? secret_json(*f.oauth_var) : json(nullptr);
  j["proxy_vars"] = f.proxy_vars;
  json lists = json::array();
  for (const auto& l : f.no_proxy)
    lists.push_back({{"name", l.name}, {"set", l.set}, {"matched", l.matched}, {"entry", l.entry}});
  j["no_proxy"] = lists;
  json blocks = json::array();
  for (const SettingsEnvFacts& s : f.settings) {
    json vars = json::array();
    for (const auto& v : s.vars)
      vars.push_back({{"role", role_name(v.role)}, {"name", v.name}, {"bytes", v.bytes},
                      {"placeholder", v.placeholder}, {"value", v.value}, {"agent_value", opt(v.agent_value)}});
    blocks.push_back({{"source", s.source}, {"path", s.path},     {"readable", s.readable}, {"parsed", s.parsed},
                      {"error", s.error},   {"has_block", s.has_block}, {"vars", vars}});
  }
  if (!blocks.empty()) j["settings"] = blocks;
  if (!f.from_settings.empty()) j["from_settings"] = f.from_settings;
  if (f.extra_ca) {
    const ExtraCaFacts& e = *f.extra_ca;
    j["extra_ca"] = {{"var", e.var},
                     {"set", e.set},
                     {"path", e.path},
                     {"settings_only_from", e.settings_only_from},
                     {"readable", e.readable},
                     {"missing", e.missing},
                     {"read_error", e.read_error},
                     {"pem_block", e.pem_block},
                     {"certificates", e.certificates},
                     {"cas", e.cas},
                     {"tls_route", e.tls_route}};
  }
  return j;
}

/// A settings file: its env block by variable names only (values may be credentials).
json file_json(const SettingsFile& f) {
  json env_names = json::array();
  for (const auto& [name, value] : f.env) env_names.push_back(name);
  return {{"path", f.path},   {"exists", f.exists}, {"parsed", f.parsed},         {"declares", f.declares},
          {"empty", f.empty}, {"value", f.value},   {"error", f.error},           {"not_a_file", f.not_a_file},
          {"has_env_block", f.has_env_block},       {"env_names", env_names}};
}

json helper_config_json(const HelperConfigFacts& f) {
  return {{"home", f.home},
          {"home_missing", f.home_missing},
          {"home_origin", f.home_origin},
          {"managed", file_json(f.managed)},
          {"settings", file_json(f.settings)},
          {"legacy", file_json(f.legacy)},
          {"signal_var", f.signal_var},
          {"signal", opt(f.signal)},
          {"other_credentials", f.other_credentials}};
}

json run_once_json(const HelperRunOnce& r) {
  return {{"label", r.label},
          {"ran", r.ran},
          {"budget_ms", r.budget_ms},
          {"started", r.started},
          {"spawn_error", r.spawn_error},
          {"status_known", r.status_known},
          {"wait_error", r.wait_error},
          {"exit_code", r.exit_code},
          {"term_signal", r.term_signal},
          {"timed_out", r.timed_out},
          {"elapsed_ms", r.elapsed_ms},
          {"shell_not_found", r.shell_not_found},
          {"value_bytes", r.value_bytes},
          {"raw_bytes", r.raw_bytes},
          {"truncated", r.truncated},
          {"trailing_newline", r.trailing_newline},
          {"line_count", r.line_count},
          {"non_empty_lines", r.non_empty_lines},
          {"stderr_lines", r.stderr_lines},
          {"value_kind", to_string(r.value_kind)},
          {"bad_byte_at", opt(r.bad_byte_at)},
          {"bad_byte", r.bad_byte},
          {"value_fingerprint", r.value_fingerprint}};
}

const char* runnable_name(RunnableKind k) {
  switch (k) {
    case RunnableKind::none: return "none";
    case RunnableKind::not_a_program: return "not-a-program";
    case RunnableKind::crlf_shebang: return "crlf-shebang";
    case RunnableKind::missing_interpreter: return "missing-interpreter";
  }
  return "none";
}

json helper_run_json(const HelperRunFacts& f) {
  json vars = json::array();
  for (const auto& v : f.script_vars) vars.push_back({{"name", v.name}, {"set", v.set}});
  return {{"command", f.command},
          {"path", f.path},
          {"script_vars", vars},
          {"echoed", f.echoed},
          {"echoed_set", f.echoed_set},
          {"minimal", run_once_json(f.minimal)},
          {"full", run_once_json(f.full)},
          {"in_awf", f.in_awf},
          {"chroot_hides_path", f.chroot_hides_path},
          {"runnable", {{"kind", runnable_name(f.runnable.kind)}, {"what", f.runnable.what},
                        {"interpreter", f.runnable.interpreter}}},
          {"helper_timeout_ms", f.helper_timeout_ms},
          {"deadline_ms", f.deadline_ms}};
}

}  // namespace

const char* to_string(Source s) {
  switch (s) {
    case Source::live: return "live";
    case Source::log: return "log";
    case Source::capture: return "capture";
  }
  return "live";
}

const char* to_string(Role r) {
  switch (r) {
    case Role::tool: return "tool";
    case Role::client: return "client";
    case Role::sidecar: return "sidecar";
  }
  return "tool";
}

const char* to_string(Origin o) {
  switch (o) {
    case Origin::none: return "none";
    case Origin::provider: return "provider";
    case Origin::api_proxy: return "api-proxy";
    case Origin::squid: return "squid";
    case Origin::unknown: return "unknown";
  }
  return "unknown";
}

const char* to_string(Transport t) {
  switch (t) {
    case Transport::none: return "none";
    case Transport::refused: return "refused";
    case Transport::reset: return "reset";
    case Transport::empty_reply: return "empty-reply";
    case Transport::timeout: return "timeout";
    case Transport::dns: return "dns";
    case Transport::proxy_connect: return "proxy-connect";
    case Transport::tls: return "tls";
    case Transport::no_response: return "no-response";
    case Transport::other: return "other";
    case Transport::not_http: return "not-http";
    case Transport::scheme_mismatch_tls_to_plain: return "scheme-mismatch-tls-to-plain";
    case Transport::scheme_mismatch_plain_to_tls: return "scheme-mismatch-plain-to-tls";
    case Transport::tunnel_closed_before_tls: return "tunnel-closed-before-tls";
    case Transport::proxy_auth_required: return "proxy-auth-required";
    case Transport::proxy_not_http: return "proxy-not-http";
  }
  return "other";
}

json to_json(const Observation& obs) {
  json j = json::object();
  if (obs.exchange) j["exchange"] = exchange_json(*obs.exchange);
  if (obs.health)
    j["health"] = {{"http_status", opt(obs.health->http_status)}, {"service", obs.health->service},
                   {"status", obs.health->status}, {"sidecar", obs.health->sidecar}};
  if (obs.credentials) j["credentials"] = {{"sources", obs.credentials->sources}};
  if (obs.helper_command) j["helper_command"] = *obs.helper_command;
  if (obs.captured) j["captured"] = captured_json(*obs.captured);
  if (obs.sidecar) j["sidecar"] = sidecar_json(*obs.sidecar);
  if (obs.stream) j["stream"] = stream_json(*obs.stream);
  if (obs.env) j["env"] = env_json(*obs.env);
  if (obs.helper_config) j["helper_config"] = helper_config_json(*obs.helper_config);
  if (obs.helper_run) j["helper_run"] = helper_run_json(*obs.helper_run);
  return j;
}

}  // namespace awf

#include "logs/facts_json.hpp"

namespace awf::logs {
namespace {

using nlohmann::json;

// Log fields may hold any bytes; the JSON given out holds valid UTF-8 only (invalid sequences
// become U+FFFD), so any later dump() is safe.
json valid_utf8(const json& j) {
  return json::parse(j.dump(-1, ' ', false, json::error_handler_t::replace));
}

json where(const Where& w) { return w.known() ? json{{"source", w.source}, {"line", w.line}} : json(nullptr); }

template <class T>
json opt(const std::optional<T>& v) { return v ? json(*v) : json(nullptr); }

json rows(const std::vector<TrafficRow>& v) {
  json a = json::array();
  for (const auto& r : v)
    a.push_back({{"client_ip", r.client_ip}, {"host", r.host}, {"method", r.method}, {"result", r.result},
                 {"status", r.status}, {"hierarchy", r.hierarchy}, {"upstream_connected", r.upstream_connected},
                 {"outcome", outcome_name(r.outcome)}, {"count", r.count}, {"first_ts_ms", r.first_ts_ms},
                 {"last_ts_ms", r.last_ts_ms}, {"max_elapsed_ms", r.max_elapsed_ms}, {"first", where(r.first)}});
  return a;
}

json traffic(const SquidTraffic& t) {
  return {{"entries", t.entries()}, {"overflow_entries", t.overflow_entries()}, {"rows", rows(t.rows())}};
}

json messages(const std::vector<CacheLogMessage>& v) {
  json a = json::array();
  for (const auto& m : v) a.push_back({{"text", m.text}, {"where", where(m.where)}});
  return a;
}

template <class M>
json tally(const M& m) {
  json o = json::object();
  for (const auto& [k, v] : m) o[k] = v;
  return o;
}

template <class M>
json int_tally(const M& m) {
  json o = json::object();
  for (const auto& [k, v] : m) o[std::to_string(k)] = v;
  return o;
}

json codes(const std::map<std::string, CodeSeen>& m) {
  json o = json::object();
  for (const auto& [k, v] : m) o[k] = {{"count", v.count}, {"first", where(v.first)}};
  return o;
}

}  // namespace

json to_json(const SourceSummary& s) {
  return valid_utf8({{"path", s.path}, {"format", format_name(s.format)}, {"family", format_family(s.format)}, {"gzip", s.gzip},
          {"bytes_in", s.bytes_in}, {"lines_read", s.lines_read}, {"lines_used", s.lines_used},
          {"lines_other", s.lines_other}, {"lines_unparsed", s.lines_unparsed},
          {"first_unparsed_line", s.first_unparsed_line == 0 ? json(nullptr) : json(s.first_unparsed_line)},
          {"lines_truncated", s.lines_truncated}, {"read_error", s.read_error.empty() ? json(nullptr) : json(s.read_error)}});
}

json to_json(const LogFacts& f) {
  json j;
  j["sources"] = json::array();
  for (const auto& s : f.sources) j["sources"].push_back(to_json(s));
  j["access"] = traffic(f.access);
  j["access"]["detailed_lines"] = f.access_detailed_lines;
  j["access"]["native_lines"] = f.access_native_lines;
  j["audit"] = traffic(f.audit);
  j["audit"]["ts_lines"] = f.audit_ts_lines;
  j["audit"]["iso_lines"] = f.audit_iso_lines;

  const auto& c = f.cache_log;
  json asserts = json::array();
  for (const auto& a : c.assertions) asserts.push_back({{"file", a.file}, {"line", a.line}, {"text", a.text}, {"where", where(a.where)}});
  json peers = json::array();
  for (const auto& p : c.peers_configured)
    peers.push_back({{"kind", p.kind}, {"host", p.host}, {"http_port", p.http_port}, {"icp_port", p.icp_port}, {"where", where(p.where)}});
  j["cache_log"] = {{"fatal_count", c.fatal_count}, {"fatal", messages(c.fatal)}, {"assertion_count", c.assertion_count},
                    {"assertions", asserts}, {"starts", c.starts}, {"version", c.version}, {"kid_deaths", c.kid_deaths},
                    {"kid_death_lines", messages(c.kid_death_lines)}, {"peers_configured", peers},
                    {"peer_failures", c.peer_failures}, {"peer_failure_lines", messages(c.peer_failure_lines)},
                    {"dns_problems", c.dns_problems}, {"dns_lines", messages(c.dns_lines)}};

  const auto& q = f.squid_conf;
  json cp = json::array();
  for (const auto& p : q.cache_peers)
    cp.push_back({{"host", p.host}, {"type", p.type}, {"http_port", p.http_port}, {"icp_port", p.icp_port}, {"options", p.options}, {"where", where(p.where)}});
  auto rules = [&](const std::vector<SquidConfFacts::AccessRule>& v) {
    json a = json::array();
    for (const auto& r : v) a.push_back({{"directive", r.directive}, {"action", r.action}, {"acls", r.acls}, {"where", where(r.where)}});
    return a;
  };
  json acls = json::array();
  for (const auto& a : q.acls)
    acls.push_back({{"name", a.name}, {"type", a.type}, {"values", a.values}, {"value_count", a.value_count}, {"where", where(a.where)}});
  j["squid_conf"] = {{"cache_peers", cp}, {"direct_rules", rules(q.direct_rules)}, {"http_access", rules(q.http_access)},
                     {"acls", acls}, {"dns_nameservers", q.dns_nameservers}, {"http_ports", q.http_ports},
                     {"includes", q.includes}, {"rules_dropped", q.rules_dropped}};

  const auto& p = f.api_proxy;
  json kv = json::array();
  for (const auto& k : p.key_validations)
    kv.push_back({{"event", k.event}, {"provider", k.provider}, {"status", k.status}, {"message", k.message}, {"where", where(k.where)}});
  json errs = json::array();
  for (const auto& e : p.request_errors) errs.push_back({{"text", e.text}, {"where", where(e.where)}});
  j["api_proxy"] = {{"json_events", p.json_events}, {"startup_events", p.startup_events}, {"squid_proxy", opt(p.squid_proxy)},
                    {"providers_configured", p.providers_configured}, {"no_https_proxy_warning", where(p.no_https_proxy_warning)},
                    {"key_validations", kv}, {"request_start", tally(p.request_start)},
                    {"request_complete", tally(p.request_complete)}, {"request_start_total", p.request_start_total},
                    {"request_complete_total", p.request_complete_total}, {"request_error_total", p.request_error_total},
                    {"request_errors", errs}, {"auth_inject", p.auth_inject},
                    {"auth_inject_key_length", int_tally(p.auth_inject_key_length)},
                    {"auth_inject_without_version", p.auth_inject_without_version},
                    {"upstream_auth_error", int_tally(p.upstream_auth_error)}, {"guard_events", tally(p.guard_events)},
                    {"other_events", tally(p.other_events)}, {"crash_lines", p.crash_lines},
                    {"invalid_header_names", p.invalid_header_names}, {"first_crash", where(p.first_crash)},
                    {"requests_open_at_end", p.open_requests.size()},
                    {"dropped", p.dropped}};

  const auto& s = f.claude;
  json hist = json::array();
  for (const auto& [k, n] : s.retry_histogram)
    hist.push_back({{"error_status", opt(k.first)}, {"error", k.second}, {"count", n}});
  j["claude"] = {{"init_count", s.init_count}, {"api_key_source", opt(s.api_key_source)}, {"version", opt(s.version)},
                 {"model", opt(s.model)}, {"api_retry", s.api_retry}, {"api_retry_null_status", s.api_retry_null_status},
                 {"retry_histogram", hist}, {"max_retries", opt(s.max_retries)}, {"results", s.results}, {"results_ok", s.results_ok}, {"results_failed", s.results_failed},
                 {"is_error", opt(s.is_error)}, {"total_cost_usd", opt(s.total_cost_usd)},
                 {"api_error_status", opt(s.api_error_status)}, {"num_turns", opt(s.num_turns)},
                 {"result_subtype", s.result_subtype}, {"result_text", s.result_text}, {"result", where(s.result)},
                 {"other_types", tally(s.other_types)}};

  json msgs = json::array();
  for (const auto& m : f.agent.messages)
    msgs.push_back({{"kind", message_kind_name(m.kind)}, {"count", m.count}, {"first", where(m.first)}, {"detail", m.detail}});
  const auto& e = f.agent.entrypoint;
  json hcf = json::array();
  for (const auto& t : e.health_check_failures) hcf.push_back({{"text", t.text}, {"where", where(t.where)}});
  json hf = json::array();
  for (const auto& h : e.helper_files) hf.push_back({{"file", h.file}, {"action", h.action}, {"where", where(h.where)}});
  j["agent"] = {{"messages", msgs},
                {"entrypoint",
                 {{"entrypoint_lines", e.entrypoint_lines}, {"health_check_lines", e.health_check_lines},
                  {"health_check_passed", where(e.health_check_passed)}, {"health_check_failures", hcf},
                  {"helper_configured", opt(e.helper_configured)}, {"helper_files", hf},
                  {"chroot_copy", opt(e.chroot_copy)}, {"chroot_copy_failed", where(e.chroot_copy_failed)},
                  {"helper_stderr_lines", e.helper_stderr_lines}, {"helper_base_url", opt(e.helper_base_url)}}}};
  j["err_codes"] = {{"squid", codes(f.err_codes.squid)}, {"node", codes(f.err_codes.node)}, {"dropped", f.err_codes.dropped}};
  return valid_utf8(j);
}

json to_json(const Correlation& c) {
  auto oc = [](const OutcomeCounts& o) {
    return json{{"established", o.established}, {"denied", o.denied}, {"no_upstream", o.no_upstream},
                {"aborted", o.aborted}, {"other", o.other}, {"total", o.total()}};
  };
  json den = json::array();
  for (const auto& d : c.sidecar_address_denials)
    den.push_back({{"client_ip", d.client_ip}, {"authority", d.authority}, {"hostname_form", d.hostname_form},
                   {"count", d.count}, {"first", where(d.first)}});
  const auto& a = c.attempts;
  const auto& f = c.forwarding;
  return valid_utf8({{"squid_source", c.squid_source},
          {"connects", {{"agent", oc(c.agent)}, {"sidecar", oc(c.sidecar)}, {"other", oc(c.other)}}},
          {"sidecar_address_denials", den},
          {"failed_tunnels", rows(c.failed_tunnels)},
          {"attempts",
           {{"client_attempts", a.client_attempts}, {"sidecar_connects", a.sidecar_connects},
            {"sidecar_established", a.sidecar_established},
            {"startup_validation_connects", opt(a.startup_validation_connects)},
            {"for_requests_min", a.for_requests_min}, {"for_requests_max", a.for_requests_max},
            {"extra_per_run", AttemptCorrelation::kExtraPerRun}, {"relation", relation_name(a.relation)}}},
          {"forwarding",
           {{"parents_conf", f.parents_conf}, {"parents_cache_log", f.parents_cache_log},
            {"never_direct_allow_all", f.never_direct_allow_all}, {"cache_log_peer_failures", f.cache_log_peer_failures},
            {"cache_log_dns_problems", f.cache_log_dns_problems}, {"err_cannot_forward", f.err_cannot_forward},
            {"err_dns_fail", f.err_dns_fail}, {"err_connect_fail", f.err_connect_fail}}}});
}

}  // namespace awf::logs

// Log facts -> typed observations -> the same check rules as the live probes (see the header).
#include "logs/log_checks.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <string>

#include "catalog/catalog.hpp"
#include "catalog/check_ids.hpp"
#include "rules/check_rules.hpp"

namespace awf::logs {
namespace {

namespace cid = check_id;

Check make(std::string_view id, Link link, std::string title) {
  Check c;
  c.id = std::string(id);
  c.link = link;
  c.title = std::move(title);
  c.evidence["source"] = "log";
  return c;
}

std::string where_text(const LogFacts& f, const Where& w) {
  if (!w.known() || static_cast<std::size_t>(w.source) >= f.sources.size()) return "";
  return fmt::format("{}:{}", f.sources[static_cast<std::size_t>(w.source)].path, w.line);
}

bool contains(const std::string& s, std::string_view needle) { return s.find(needle) != std::string::npos; }

bool health_green(const LogFacts& f) {
  return f.agent.entrypoint.health_check_passed.known() && f.agent.entrypoint.health_check_failures.empty();
}

// ---- what the client saw ------------------------------------------------------------------------

struct ClientView {
  bool any = false;                  // a client source said something about its requests
  std::uint64_t attempts = 0;
  std::uint64_t null_status = 0;     // attempts with no HTTP status (error_status null)
  std::optional<int> status;         // the most frequent HTTP status the client reported
  bool success = false;              // a completed turn (result is_error false)
  bool reset = false;                // ECONNRESET / connection reset named by the client
  std::string text;                  // the client's own words (capped by the readers)
  bool from_proxy_log = false;       // no client log: the api-proxy's request_complete statuses
  nlohmann::json histogram = nlohmann::json::array();
};

std::optional<int> status_in(const std::string& text) {
  // Copilot's "Last error: 503 Service Unavailable", Codex/Claude "API Error: 401 …".
  for (std::size_t i = 0; i + 3 <= text.size(); ++i) {
    if (!std::isdigit(static_cast<unsigned char>(text[i])) || (i > 0 && std::isalnum(static_cast<unsigned char>(text[i - 1]))))
      continue;
    if (i + 3 < text.size() && std::isalnum(static_cast<unsigned char>(text[i + 3]))) continue;
    int v = std::stoi(text.substr(i, 3));
    if (v >= 100 && v <= 599) return v;
  }
  return std::nullopt;
}

ClientView client_view(const LogFacts& f) {
  ClientView v;
  const ClaudeStreamFacts& c = f.claude;
  std::map<int, std::uint64_t> statuses;
  if (c.init_count || c.api_retry || c.results) {
    v.any = true;
    v.attempts = c.api_retry + 1;
    v.null_status = c.api_retry_null_status;
    for (const auto& [key, n] : c.retry_histogram) {
      v.histogram.push_back({{"error_status", key.first ? nlohmann::json(*key.first) : nlohmann::json(nullptr)},
                             {"error", key.second},
                             {"count", n}});
      if (key.first) statuses[static_cast<int>(*key.first)] += n;
    }
    if (c.api_error_status) statuses[static_cast<int>(*c.api_error_status)] += 1;
    v.success = c.is_error && !*c.is_error;
    v.text = c.result_text;
    // The final attempt: its status is the result's; a failed result with none is one more null.
    if (c.is_error && *c.is_error && !c.api_error_status && statuses.empty()) ++v.null_status;
  }
  for (const auto& m : f.agent.messages) {
    const std::string& t = m.detail;
    switch (m.kind) {
      case AgentMessageKind::unable_to_connect:
        v.any = true;
        v.null_status = std::max<std::uint64_t>(v.null_status, 1);
        if (v.text.empty()) v.text = t;
        break;
      case AgentMessageKind::copilot_model_retries:
      case AgentMessageKind::api_error:
        v.any = true;
        if (auto s = status_in(t)) statuses[*s] += m.count;
        if (v.text.empty()) v.text = t;
        break;
      default: break;
    }
  }
  if (!v.any && f.api_proxy.request_complete_total > 0) {
    // No client log: the api-proxy's request_complete statuses are what it sent back to the client.
    v.any = true;
    v.from_proxy_log = true;
    v.attempts = f.api_proxy.request_complete_total;
    for (const auto& [key, n] : f.api_proxy.request_complete)
      if (auto s = status_in(key.substr(key.rfind(' ') == std::string::npos ? 0 : key.rfind(' ')))) statuses[*s] += n;
  }
  if (contains(v.text, "ECONNRESET") || contains(v.text, "connection reset")) v.reset = true;
  if (v.attempts == 0 && v.any) v.attempts = 1;
  std::uint64_t best = 0;
  for (const auto& [s, n] : statuses)
    if (n > best) best = n, v.status = s;
  return v;
}

std::optional<Check> agent_requests(const LogFacts& f, const Correlation& corr, const LogOptions& o,
                                    const Provider& p) {
  ClientView v = client_view(f);
  if (!v.any) return std::nullopt;
  Check c = make(cid::log_agent_requests, Link::proxy, "the client's requests, as the agent's log tells them");
  Exchange e;
  e.source = Source::log;
  e.observer = Role::client;
  e.client_addr = o.agent_ip;
  e.sent = {"POST", std::string(p.zero_token_probe.path), {}, "", ""};
  if (!v.status && !v.success) {
    e.transport = v.reset ? Transport::reset : Transport::no_response;
  } else {
    e.http_status = v.status.value_or(200);
    e.complete = true;
    // Only the provider bills a completed turn; any other status: who answered is not in the client's log.
    e.origin = v.success ? Origin::provider : Origin::unknown;
    e.origin_why = v.success ? "a completed, billed turn (result is_error: false)" : "the client's log names no origin";
  }
  const AttemptCorrelation& a = corr.attempts;
  c.evidence["client"] = {{"address", o.agent_ip},
                          {"attempts", v.attempts},
                          {"error_status_null", v.null_status},
                          {"error_status_histogram", v.histogram},
                          {"result", v.text}};
  if (!corr.squid_source.empty())
    c.evidence["correlation"] = {{"sidecar_connects", a.sidecar_connects},
                                 {"sidecar_established", a.sidecar_established},
                                 {"for_requests", {a.for_requests_min, a.for_requests_max}},
                                 {"relation", relation_name(a.relation)}};

  std::vector<const SidecarAddressDenial*> denials;
  for (const auto& d : corr.sidecar_address_denials) denials.push_back(&d);
  if (!denials.empty()) {
    // The requests never reached the sidecar: Squid got them (NO_PROXY, decisions.md §18).
    const SidecarAddressDenial& d = *denials.front();
    std::string host = d.authority.substr(0, d.authority.rfind(':'));
    c.link = Link::env;
    e.sent = {"CONNECT", d.authority, {}, "", ""};
    e.connect_status = 403;
    e.origin = Origin::squid;
    e.squid_result = "TCP_DENIED";
    apply(c, {Status::fail, FaultId::env_no_proxy_host_missing,
              fmt::format("the client's requests to the api-proxy went to Squid as CONNECT {} and were denied (403 "
                          "TCP_DENIED from {}); the client reported error_status null on {} of {} attempts: NO_PROXY "
                          "does not exempt '{}'",
                          d.authority, d.client_ip, v.null_status, v.attempts, host),
              hint(FaultId::env_no_proxy_host_missing, p, {{"host", host}})});
  } else if (!e.complete) {
    Outcome out = judge_proxy_forward(e, health_green(f), p);
    std::string tunnels =
        corr.squid_source.empty()
            ? std::string(" (no Squid log was read: whether the sidecar opened a CONNECT is not known)")
        : a.sidecar_connects == 0
            ? fmt::format("; Squid's log shows no CONNECT from the sidecar ({}) at all{}", o.proxy_ip,
                          corr.agent.established ? fmt::format(": its {} established tunnel(s) came from the agent ({})",
                                                               corr.agent.established, o.agent_ip)
                                                 : std::string())
            : fmt::format("; the sidecar ({}) opened {} CONNECT(s) for {} attempts ({})", o.proxy_ip,
                          a.sidecar_connects, v.attempts, relation_name(a.relation));
    out.summary = fmt::format(
        "the agent ({}) made {} attempt(s) and {} got no HTTP status (error_status: null{}): no HTTP response reached "
        "the client, a connection-level failure between the agent and the api-proxy, not an upstream rejection "
        "(which carries a status such as 401){}{}",
        o.agent_ip, v.attempts, v.null_status == v.attempts ? std::string("all") : std::to_string(v.null_status),
        v.reset ? ", connection reset: ECONNRESET" : "", health_green(f) ? "; awf's /health pre-flight passed" : "",
        tunnels);
    // The next probe that tells the three readings apart, live (issue 7 point 4).
    out.hint += fmt::format(" Next probe: `awf-diag probe proxy` sends POST {} {{}} through the api-proxy: a reset "
                            "= the sidecar itself, 401 = the key, 400 = the chain is healthy.",
                            p.zero_token_probe.path);
    apply(c, out);
  } else if (v.success) {
    apply(c, {Status::pass, std::nullopt,
              fmt::format("the client completed its turn through the api-proxy ({} attempt(s), result is_error: false)",
                          v.attempts),
              ""});
  } else {
    apply(c, {Status::pass, std::nullopt,
              v.from_proxy_log
                  ? fmt::format("the api-proxy answered the client's requests with HTTP {} (its request_complete "
                                "events; no client log was read): the agent-to-sidecar connection works; who produced "
                                "the status is judged on the other links",
                                *e.http_status)
                  : fmt::format("the client got HTTP {} answers back through the api-proxy (error_status {}): an "
                                "HTTP answer came back, so the agent-to-sidecar connection works; who produced it is "
                                "judged on the other links",
                                *e.http_status, *e.http_status),
              ""});
  }
  c.obs.exchange = std::move(e);
  return c;
}

// ---- the sidecar's CONNECTs ---------------------------------------------------------------------

std::optional<Check> sidecar_tunnel(const LogFacts& f, const Correlation& corr, const LogOptions& o,
                                    const Provider& p, std::vector<Check>& extra) {
  if (corr.squid_source.empty()) return std::nullopt;
  Check c = make(cid::log_squid_sidecar_tunnel, Link::squid, "the sidecar's CONNECTs, as Squid logged them");
  const SquidTraffic& t = corr.squid_source == "audit_jsonl" ? f.audit : f.access;
  const TrafficRow* denied = nullptr;
  const TrafficRow* failed = nullptr;
  const TrafficRow* up = nullptr;
  for (const auto& r : t.rows()) {
    if (r.method != "CONNECT" || role_of(r.client_ip, o) != ClientRole::sidecar) continue;
    if (r.outcome == TunnelOutcome::denied && !denied) denied = &r;
    if (r.outcome == TunnelOutcome::no_upstream && !failed) failed = &r;
    if (r.outcome == TunnelOutcome::established && !up) up = &r;
  }
  const OutcomeCounts& s = corr.sidecar;
  const ForwardingContext& fw = corr.forwarding;
  c.evidence["squid_source"] = corr.squid_source;
  c.evidence["sidecar"] = {{"address", o.proxy_ip}, {"established", s.established}, {"denied", s.denied},
                           {"no_upstream", s.no_upstream}, {"aborted", s.aborted}};
  c.evidence["agent"] = {{"address", o.agent_ip}, {"established", corr.agent.established}, {"denied", corr.agent.denied}};
  Exchange e;
  e.source = Source::log;
  e.observer = Role::sidecar;
  e.client_addr = o.proxy_ip;
  if (denied || failed) {
    const TrafficRow& r = denied ? *denied : *failed;
    e.sent = {"CONNECT", r.host, {}, "", ""};
    e.connect_status = r.status;
    e.http_status = r.status;
    e.origin = Origin::squid;
    e.squid_result = r.result;
    e.squid_hierarchy = r.hierarchy;
    const bool parent = !fw.parents_conf.empty() || !fw.parents_cache_log.empty();
    std::string why;
    if (!denied) {
      // 503/500 HIER_NONE, no upstream address: DNS, or a parent proxy nothing answers on (R28).
      if (parent) {
        e.squid_error = "ERR_CONNECT_FAIL";
        why = fmt::format("Squid forwards through the parent proxy {} (cache_peer; never_direct {}), and no "
                          "connection to it came up (what Squid's ERR_CANNOT_FORWARD page says): check the parent's "
                          "host and port; the client's 5xx is no quota or auth error",
                          fmt::format("{}", fmt::join(fw.parents_conf.empty() ? fw.parents_cache_log : fw.parents_conf, ", ")),
                          fw.never_direct_allow_all ? "allow all" : "not set");
      } else {
        e.squid_error = fw.err_connect_fail && !fw.err_dns_fail ? "ERR_CONNECT_FAIL" : "ERR_DNS_FAIL";
        why = "no parent proxy is configured in the files read, so Squid resolved the name itself: DNS "
              "(or routing) from the Squid container; a dead parent proxy would look the same, so give the "
              "squid.conf if there is one";
      }
    }
    Outcome out = judge_sidecar_tunnel(e, p);
    if (!denied && parent) {
      // The same refusal, with squid.conf / cache.log context: the parent, not the upstream (R28).
      out.fault = FaultId::squid_parent_unreachable;
      out.hint = hint(FaultId::squid_parent_unreachable, p);
    }
    out.summary =
        denied ? fmt::format("Squid denied {} CONNECT(s) from the sidecar ({}) to {} with 403 {} (first at {})",
                             s.denied, o.proxy_ip, r.host, r.result, where_text(f, r.first))
               : fmt::format("Squid answered {} CONNECT(s) from the sidecar ({}) to {} with {} {}:{} (no upstream "
                             "address): the tunnel was never established; a TCP_TUNNEL with any status other than 200 "
                             "is a failed tunnel, not an allowed one. {}",
                             s.no_upstream, o.proxy_ip, r.host, r.status, r.result,
                             r.hierarchy.empty() ? "HIER_NONE" : r.hierarchy, why);
    apply(c, out);
  } else if (up && corr.attempts.for_requests_max == 0) {
    // Every sidecar CONNECT was its start-up key validation (api-proxy log): Squid lets the sidecar
    // through, but no client request reached a tunnel. Two records, so H4 is not read as "tunnel up".
    Check startup = make(cid::log_squid_sidecar_startup, Link::squid, "the sidecar's start-up CONNECT, as Squid logged it");
    apply(startup, {Status::pass, std::nullopt,
                    fmt::format("the sidecar's start-up key-validation CONNECT {} was allowed (200 TCP_TUNNEL from {}): "
                                "Squid lets the sidecar through",
                                up->host, o.proxy_ip),
                    ""});
    extra.push_back(std::move(startup));
    c.status = Status::skip;
    c.skip_reason = fmt::format("no CONNECT from the sidecar ({}) for a client request: its {} CONNECT(s) were its "
                                "start-up key validation",
                                o.proxy_ip, s.established);
    c.summary = c.skip_reason;
  } else if (up) {
    apply(c, {Status::pass, std::nullopt,
              fmt::format("{} sidecar tunnel(s) opened (CONNECT {} 200 TCP_TUNNEL from {}): Squid allowed the "
                          "CONNECT and a TCP connection opened; what happened inside TLS is not in Squid's log",
                          s.established, up->host, o.proxy_ip),
              ""});
    e.sent = {"CONNECT", up->host, {}, "", ""};
    e.connect_status = 200;
    e.squid_result = up->result;
    e.squid_hierarchy = up->hierarchy;
  } else {
    c.status = Status::skip;
    c.skip_reason = fmt::format(
        "no CONNECT from the sidecar ({}) in Squid's log: the sidecar never opened a tunnel{}", o.proxy_ip,
        corr.agent.established
            ? fmt::format("; the {} established tunnel(s) came from the agent ({})", corr.agent.established, o.agent_ip)
            : std::string());
    c.summary = c.skip_reason;
  }
  c.obs.exchange = std::move(e);
  return c;
}

std::optional<Check> sidecar_address(const LogFacts& f, const Correlation& corr, const Provider& p) {
  if (corr.sidecar_address_denials.empty()) return std::nullopt;
  const SidecarAddressDenial& d = corr.sidecar_address_denials.front();
  std::uint64_t n = 0;
  for (const auto& x : corr.sidecar_address_denials) n += x.count;
  std::string host = d.authority.substr(0, d.authority.rfind(':'));
  Check c = make(cid::log_squid_sidecar_address, Link::env, "CONNECTs to the sidecar's own address, as Squid logged them");
  Exchange e;
  e.source = Source::log;
  e.observer = Role::client;
  e.client_addr = d.client_ip;
  e.sent = {"CONNECT", d.authority, {}, "", ""};
  e.connect_status = 403;
  e.http_status = 403;
  e.origin = Origin::squid;
  e.squid_result = "TCP_DENIED";
  c.evidence["denials"] = nlohmann::json::array();
  for (const auto& x : corr.sidecar_address_denials)
    c.evidence["denials"].push_back({{"client", x.client_ip}, {"authority", x.authority}, {"count", x.count},
                                     {"hostname_form", x.hostname_form}, {"first", where_text(f, x.first)}});
  apply(c, {Status::fail, FaultId::env_no_proxy_host_missing,
            fmt::format("Squid denied {} CONNECT(s) from {} to the sidecar's own address {} (403 TCP_DENIED, first at "
                        "{}): the client sent its api-proxy requests to Squid, so NO_PROXY does not exempt '{}'. This "
                        "is the failure, not internal traffic",
                        n, d.client_ip, d.authority, where_text(f, d.first), host),
            hint(FaultId::env_no_proxy_host_missing, p, {{"host", host}})});
  c.obs.exchange = std::move(e);
  return c;
}

// The agent's own CONNECTs denied to hosts other than the sidecar (side calls: telemetry, a direct
// provider call that NO_PROXY sent to Squid): benign for the chain when the sidecar's tunnels work,
// never counted as allowed (R16). A warning, no fault.
std::optional<Check> agent_denials(const LogFacts& f, const Correlation& corr, const LogOptions& o) {
  if (corr.squid_source.empty() || corr.agent.denied == 0) return std::nullopt;
  const SquidTraffic& t = corr.squid_source == "audit_jsonl" ? f.audit : f.access;
  std::uint64_t n = 0;
  const TrafficRow* first = nullptr;
  for (const auto& r : t.rows()) {
    if (r.outcome != TunnelOutcome::denied || role_of(r.client_ip, o) != ClientRole::agent) continue;
    bool to_sidecar = false;
    for (const auto& d : corr.sidecar_address_denials)
      if (d.authority == r.host) to_sidecar = true;
    if (to_sidecar) continue;
    n += r.count;
    if (!first) first = &r;
  }
  if (!first) return std::nullopt;
  Check c = make(cid::log_squid_agent_denials, Link::squid, "the agent's own CONNECTs denied by Squid");
  c.evidence["agent_denied"] = n;
  apply(c, {Status::warn, std::nullopt,
            fmt::format("Squid denied {} request(s) from the agent ({}) itself, e.g. {} {} {} (first at {}): the agent's "
                        "side traffic, not the chain's; the sidecar ({}) carries the provider calls",
                        n, o.agent_ip, first->method, first->host, first->result, where_text(f, first->first),
                        o.proxy_ip),
            ""});
  return c;
}

std::optional<Check> proxy_crash(const LogFacts& f, const Provider& p) {
  const ApiProxyFacts& a = f.api_proxy;
  if (a.crash_lines == 0) return std::nullopt;
  Check c = make(cid::log_proxy_crash, Link::proxy, "the api-proxy's own errors, as its log tells them");
  std::string header = a.invalid_header_names.empty() ? std::string(p.injected_auth_header) : a.invalid_header_names.front();
  c.evidence["crash_lines"] = a.crash_lines;
  c.evidence["invalid_header_names"] = a.invalid_header_names;
  apply(c, {Status::fail, FaultId::proxy_invalid_injected_header,
            fmt::format("the api-proxy's Node refused its own header value: ERR_INVALID_CHAR, invalid character in "
                        "header content [\"{}\"] ({} line(s), first at {}): the injected key is malformed",
                        header, a.crash_lines, where_text(f, a.first_crash)),
            hint(FaultId::proxy_invalid_injected_header, p)});
  return c;
}

std::optional<Check> health_check(const LogFacts& f) {
  const EntrypointFacts& ep = f.agent.entrypoint;
  if (ep.health_check_lines == 0) return std::nullopt;
  Check c = make(cid::log_agent_health_check, Link::proxy, "awf's api-proxy health pre-flight, as the entrypoint logged it");
  if (!ep.health_check_failures.empty()) {
    apply(c, {Status::warn, std::nullopt,
              fmt::format("awf's [health-check] reported a failure: {} (at {})", ep.health_check_failures.front().text,
                          where_text(f, ep.health_check_failures.front().where)),
              ""});
  } else if (ep.health_check_passed.known()) {
    apply(c, {Status::pass, std::nullopt,
              "awf's [health-check] passed: the api-proxy answered /health (which proves it listens, not that it "
              "forwards)",
              ""});
  } else {
    c.status = Status::skip;
    c.skip_reason = "[health-check] lines without a result";
    c.summary = c.skip_reason;
  }
  return c;
}

}  // namespace

const Provider& log_provider(const LogFacts& f) {
  for (const auto& m : f.agent.messages)
    if (m.kind == AgentMessageKind::copilot_model_retries || m.kind == AgentMessageKind::copilot_no_auth)
      return provider(ProviderId::copilot);
  if (f.claude.init_count || f.claude.api_retry || f.claude.results) return provider(ProviderId::anthropic);
  const auto& starts = f.api_proxy.request_start;
  if (!starts.empty() && starts.count("anthropic") == 0) {
    if (starts.count("copilot")) return provider(ProviderId::copilot);
    if (starts.count("openai")) return provider(ProviderId::openai);
    if (starts.count("gemini")) return provider(ProviderId::gemini);
  }
  for (const auto& r : f.access.rows())
    if (contains(r.host, "githubcopilot")) return provider(ProviderId::copilot);
  return provider(ProviderId::anthropic);
}

std::vector<Check> build_log_checks(const LogFacts& facts, const Correlation& corr, const LogOptions& opts) {
  const Provider& p = log_provider(facts);
  std::vector<Check> out;
  std::vector<Check> extra;
  for (auto c : {health_check(facts), agent_requests(facts, corr, opts, p), proxy_crash(facts, p),
                 sidecar_address(facts, corr, p), sidecar_tunnel(facts, corr, opts, p, extra),
                 agent_denials(facts, corr, opts)})
    if (c) out.push_back(std::move(*c));
  for (auto& c : extra) out.push_back(std::move(c));
  return out;
}

}  // namespace awf::logs

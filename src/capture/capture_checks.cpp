#include "capture/capture_checks.hpp"

#include <algorithm>
#include <map>
#include <optional>

#include <fmt/format.h>

#include "catalog/catalog.hpp"
#include "catalog/check_ids.hpp"
#include "rules/stream_rules.hpp"

namespace awf::capture {
namespace {

constexpr std::string_view kSource = "capture";

bool api_request(const CapturedRequest& r) {
  return r.outcome == "complete" && !(r.method == "HEAD" && r.path_query == "/");
}

std::string path_only(const std::string& pq) { return pq.substr(0, pq.find('?')); }

// Paths the provider's API is known to serve (domain §6): those of the row's probes.
bool served(const std::string& path, const Provider& p) {
  for (auto known : {p.zero_token_probe.path, p.models_probe.path})
    if (!known.empty() && path == known) return true;
  return false;
}

std::string describe(const CredentialSeen& k) {
  std::string cls = k.value_class;
  std::replace(cls.begin(), cls.end(), '_', ' ');
  return k.header == "authorization" ? fmt::format("Authorization: {} ({})", k.scheme, cls)
                                     : fmt::format("{} ({})", k.header, cls);
}

void add_unique(std::vector<std::string>& v, const std::string& s) {
  if (std::find(v.begin(), v.end(), s) == v.end()) v.push_back(s);
}

// capture.stream: the relayed answer to a streaming request, judged by the stream rules for both
// hops (the agent's view holds what the sidecar and the provider did): the first answer with a stream
// fault, else the first streamed answer, else the first answer to a request that asked to stream.
std::optional<Check> stream_check(const CaptureResult& r, const Provider& p) {
  const CapturedRequest* pick = nullptr;
  int rank = 0;  // 3 = a fault, 2 = a stream, 1 = asked to stream
  for (const auto& q : r.requests) {
    if (q.answer.mode != "forward" || q.answer.cut_at_shutdown) continue;
    const int k = q.answer.stream && stream_fault_name(*q.answer.stream) ? 3 : q.answer.stream ? 2
                  : q.stream.value_or(false)                              ? 1
                                                                          : 0;
    if (k > rank) {
      rank = k;
      pick = &q;
    }
  }
  if (!pick) return std::nullopt;
  Check c = make_check(check_id::capture_stream, Link::proxy, "the stream relayed to the agent", kSource);
  c.depends_on = {std::string(check_id::capture_answers)};
  c.evidence["request"] = pick->index;
  if (pick->answer.stream) c.evidence["stream"] = pick->answer.stream->to_json();
  awf::Outcome o = judge_stream_relay(pick->answer.exchange, pick->answer.stream, p);
  if (o.status == Status::pass && pick->answer.exchange.http_status && *pick->answer.exchange.http_status >= 200 &&
      *pick->answer.exchange.http_status < 300) {
    awf::Outcome up = judge_stream_upstream(pick->answer.exchange, pick->answer.stream, p);
    if (up.status != Status::pass) o = up;
  }
  apply(c, o);
  c.summary = fmt::format("request {}: {}", pick->index, c.summary);
  c.obs.exchange = pick->answer.exchange;
  c.obs.stream = pick->answer.stream;
  return c;
}

}  // namespace

std::vector<Check> capture_checks(const CaptureResult& r, const Provider& p) {
  std::vector<const CapturedRequest*> api;
  for (const auto& q : r.requests)
    if (api_request(q)) api.push_back(&q);

  Check listen =
      make_check(check_id::capture_listen, Link::proxy, "capture listened for the agent's requests", kSource);
  listen.evidence["listen"] = r.listen;
  listen.evidence["stopped_by"] = r.stopped_by;
  listen.evidence["requests"] = r.requests.size();
  listen.evidence["connections"] = r.connections;
  listen.evidence["refused_connections"] = r.refused_connections;
  listen.evidence["in_flight_at_stop"] = r.in_flight_at_stop;
  listen.evidence["relays_cut"] = r.relays_cut;
  listen.timing_ms["shutdown"] = static_cast<long long>(r.shutdown_ms);
  listen.timing_ms["total"] = static_cast<long long>(r.duration_ms);
  // No request, no evidence: inconclusive (exit 3), never a pass or a warning that exits 0.
  listen.status = r.requests.empty() ? Status::error : Status::pass;
  if (r.requests.empty()) listen.hint = hint(HintId::capture_no_request, p, {{"listen", r.listen}});
  listen.summary = r.requests.empty()
                       ? fmt::format("no request arrived at {} (stopped by {})", r.listen, r.stopped_by)
                       : fmt::format("{} request(s) on {} connection(s) at {}, stopped by {}", r.requests.size(),
                                     r.connections, r.listen, r.stopped_by);

  Check reqs = make_check(check_id::capture_requests, Link::proxy, "requests the agent sent", kSource);
  reqs.depends_on = {std::string(check_id::capture_listen)};
  std::map<std::string, int> outcomes;
  nlohmann::json list = nlohmann::json::array();
  for (const auto& q : r.requests) {
    ++outcomes[q.outcome];
    list.push_back(to_json(q));
  }
  reqs.evidence["requests"] = list;
  reqs.evidence["outcomes"] = outcomes;
  const int bad = static_cast<int>(r.requests.size()) - outcomes["complete"];
  reqs.status = r.requests.empty() ? Status::skip : bad > 0 ? Status::warn : Status::pass;
  if (r.requests.empty()) reqs.skip_reason = "no request arrived";
  std::string kinds;
  for (const auto& [k, n] : outcomes)
    if (k != "complete") kinds += fmt::format("{}{} {}", kinds.empty() ? "" : ", ", n, k);
  reqs.summary = bad > 0 ? fmt::format("{} of {} request(s) were bad input, ended within their bounds: {}", bad,
                                       r.requests.size(), kinds)
                         : fmt::format("{} complete request(s)", r.requests.size());

  CapturedFacts facts;
  bool real_key = false;
  std::vector<std::string> leaks;  // where a real-key-shaped value was sent, by fingerprint
  nlohmann::json per = nlohmann::json::array();
  for (const CapturedRequest* q : api) {
    facts.auth_schemes.push_back(q->auth_scheme);
    facts.requests.push_back(fmt::format("{} {}", q->method, q->path_query));
    if (!served(path_only(q->path_query), p)) add_unique(facts.unserved, q->path_query);
    add_unique(facts.versions, q->anthropic_version.empty() ? std::string("none") : q->anthropic_version);
    for (const auto& b : q->anthropic_beta) add_unique(facts.betas, b);
    nlohmann::json creds = nlohmann::json::array();
    for (const auto& k : q->credentials) {
      creds.push_back(describe(k));
    }
    per.push_back({{"index", q->index}, {"request", facts.requests.back()}, {"auth_scheme", q->auth_scheme},
                   {"credentials", creds}});
  }
  // A leak counts on any request, also HEAD / and bad inputs: the value left the agent all the same.
  for (const auto& q : r.requests)
    for (const auto& k : q.credentials)
      if (k.value_class == "real_key_shaped") {
        real_key = true;
        add_unique(leaks, fmt::format("{} on request {} (length {}, {})",
                                      k.scheme.empty() ? k.header : k.header + " " + k.scheme, q.index, k.length,
                                      k.fingerprint));
      }
  if (!api.empty())
    for (const auto& k : api.front()->credentials) facts.first_credentials.push_back(describe(k));

  Check auth = make_check(check_id::capture_auth, Link::env, "credential headers the agent sent", kSource);
  auth.depends_on = {std::string(check_id::capture_requests)};
  auth.evidence["requests"] = per;
  nlohmann::json stripped = nlohmann::json::array();
  for (auto h : p.stripped_headers) stripped.push_back(h);
  auth.evidence["sidecar_strips"] = stripped;
  auth.evidence["sidecar_injects"] = p.injected_auth_header;
  if (api.empty() && !real_key) {
    auth.status = Status::skip;
    auth.skip_reason = "no API request arrived";
  } else if (api.empty()) {
    auth.status = Status::fail;
    set_fault(auth, FaultId::env_agent_sent_real_credential);
    auth.evidence["real_credentials"] = leaks;
    auth.hint = hint(FaultId::env_agent_sent_real_credential, p, {{"where", fmt::format("{}", fmt::join(leaks, "; "))}});
    auth.summary = fmt::format("the agent sent a real-key-shaped credential: {}", fmt::join(leaks, "; "));
  } else {
    std::string seq;
    for (std::size_t i = 0; i < facts.auth_schemes.size(); ++i)
      seq += fmt::format("{}{}", i ? ", then " : "", facts.auth_schemes[i]);
    auth.status = real_key ? Status::fail : Status::pass;
    if (real_key) {
      set_fault(auth, FaultId::env_agent_sent_real_credential);
      auth.evidence["real_credentials"] = leaks;
      auth.hint = hint(FaultId::env_agent_sent_real_credential, p, {{"where", fmt::format("{}", fmt::join(leaks, "; "))}});
    }
    auth.summary = real_key ? fmt::format("the agent sent a real-key-shaped credential: {} (auth schemes: {})",
                                          fmt::join(leaks, "; "), seq)
                            : fmt::format("auth schemes sent: {}; first request: {}", seq,
                                          facts.first_credentials.empty()
                                              ? std::string("no credential header")
                                              : fmt::format("{}", fmt::join(facts.first_credentials, " + ")));
    Exchange e;
    e.source = Source::capture;
    e.observer = Role::client;
    e.sent.method = api.front()->method;
    e.sent.target = api.front()->path_query;
    e.sent.header_names = api.front()->header_names;
    e.sent.credential_kind = real_key ? "real" : facts.first_credentials.empty() ? "none" : "placeholder";
    e.http_status = api.front()->answer.status;
    e.complete = api.front()->answer.status.has_value();
    auth.obs.exchange = e;
  }
  auth.obs.captured = facts;

  Check paths =
      make_check(check_id::capture_paths, Link::proxy, "paths, versions and beta values the agent sent", kSource);
  paths.depends_on = {std::string(check_id::capture_requests)};
  paths.evidence["requests"] = facts.requests;
  paths.evidence["anthropic_version"] = facts.versions;
  paths.evidence["anthropic_beta"] = facts.betas;
  paths.evidence["not_served"] = facts.unserved;
  paths.obs.captured = facts;
  if (api.empty()) {
    paths.status = Status::skip;
    paths.skip_reason = "no API request arrived";
  } else if (!facts.unserved.empty()) {
    paths.status = Status::warn;
    paths.summary = fmt::format("the sidecar forwards {} unchanged, but {}'s API serves {}",
                                fmt::join(facts.unserved, ", "), p.display, p.zero_token_probe.path);
  } else {
    paths.status = Status::pass;
    paths.summary = fmt::format("{}; anthropic-version {}", fmt::join(facts.requests, ", "),
                                fmt::join(facts.versions, ", "));
  }
  std::vector<Check> out{listen, reqs, auth, paths};
  if (!r.forward.empty()) {
    Check ans = make_check(check_id::capture_answers, Link::proxy, "answers relayed from the forward target", kSource);
    ans.depends_on = {std::string(check_id::capture_requests)};
    ans.evidence["forward"] = r.forward;
    std::map<std::string, int> by;
    int none = 0, cut = 0, cut_unanswered = 0;
    nlohmann::json list2 = nlohmann::json::array();
    for (const auto& q : r.requests) {
      if (q.answer.mode != "forward") continue;
      if (q.answer.cut_at_shutdown) {
        ++cut;
        if (!q.answer.status) ++cut_unanswered;
      } else if (!q.answer.status) {
        ++none;
      }
      ++by[fmt::format("{} by {}", q.answer.status ? std::to_string(*q.answer.status) : std::string("no HTTP answer"),
                       q.answer.origin)];
      list2.push_back({{"index", q.index}, {"status", q.answer.status ? nlohmann::json(*q.answer.status) : nlohmann::json(nullptr)},
                       {"answered_by", q.answer.origin}, {"why", q.answer.origin_why},
                       {"transport_error", q.answer.transport}, {"complete", q.answer.complete},
                       {"cut_at_shutdown", q.answer.cut_at_shutdown},
                       {"ttfb_ms", static_cast<long long>(q.answer.ttfb_ms)},
                       {"total_ms", static_cast<long long>(q.answer.total_ms)}});
    }
    ans.evidence["answers"] = list2;
    ans.evidence["cut_at_shutdown"] = cut;
    std::string words;
    for (const auto& [k, n] : by) words += fmt::format("{}{} × {}", words.empty() ? "" : ", ", n, k);
    if (list2.empty()) {
      ans.status = Status::skip;
      ans.skip_reason = "no request was relayed";
    } else {
      // Cut before any HTTP status arrived: the agent got nothing and nobody knows whether an answer
      // would have come. Inconclusive (exit 3), never a warning that exits 0.
      ans.status = none > 0 ? Status::fail : cut_unanswered > 0 ? Status::error : cut > 0 ? Status::warn : Status::pass;
      ans.summary = none > 0 ? fmt::format("{} relayed request(s) got no HTTP answer from {}: {}", none, r.forward, words)
                    : cut_unanswered > 0
                        ? fmt::format("{} relayed request(s) had no HTTP answer from {} yet when capture stopped; they "
                                      "were cut after the shutdown grace, so whether {} answers at all is not known: {}",
                                      cut_unanswered, r.forward, r.forward, words)
                    : cut > 0 ? fmt::format("{} relayed answer(s) still in flight when capture stopped were cut after "
                                            "the shutdown grace: {}",
                                            cut, words)
                              : fmt::format("answers from {}: {}", r.forward, words);
    }
    out.push_back(std::move(ans));
    if (auto st = stream_check(r, p)) out.push_back(std::move(*st));
  }
  return out;
}

}  // namespace awf::capture

// The grid: for every row of every hypothesis table, facts that reach exactly that row, and the
// verdict it gives. A coverage case fails when a table gains a row the grid does not exercise.
#include <catch.hpp>

#include <functional>
#include <set>

#include "catalog/catalog.hpp"
#include "rules/hypothesis_rules.hpp"

using namespace awf;

namespace {

// A healthy run: every check present and passing; the zero-token probe was accepted.
ChainFacts healthy() {
  ChainFacts f;
  for (const char* id : {"helper.config", "helper.run", "env.base_url", "env.api_key", "env.auth_token", "proxy.tcp",
                         "proxy.health", "proxy.forward", "squid.sidecar_tunnel", "squid.connect", "squid.tls",
                         "upstream.auth"})
    f.present.insert(id);
  f.tcp = f.forward = f.sidecar_tunnel = f.squid_connect = f.upstream_auth = f.api_key = Seen::pass;
  f.forward_status = 400;
  f.forward_error_type = "invalid_request_error";
  f.forward_accepted = true;
  f.credentials_probed = true;
  f.credential_sources = {"ANTHROPIC_AUTH_TOKEN", "apiKeyHelper"};
  f.sidecar_recognised = true;
  return f;
}

ChainFacts with(std::function<void(ChainFacts&)> change) {
  ChainFacts f = healthy();
  change(f);
  return f;
}

// proxy.forward got nothing back (R01): everything behind it skipped.
void no_response(ChainFacts& f) {
  f.forward = Seen::fail;
  f.forward_status.reset();
  f.forward_error_type.clear();
  f.forward_accepted = false;
  f.sidecar_tunnel = f.upstream_auth = Seen::skipped;
}

// The provider answered the forward probe, but not with acceptance (e.g. 401 for a revoked key).
void rejected(ChainFacts& f) {
  f.forward_status = 401;
  f.forward_error_type = "authentication_error";
  f.forward_accepted = false;
  f.upstream_auth = Seen::fail;
}

// A capture of the agent's own requests (capture.auth's facts), `schemes` per request in order.
std::function<void(ChainFacts&)> captured(std::vector<std::string> schemes, std::string unserved = "") {
  return [schemes, unserved](ChainFacts& f) {
    CapturedFacts c;
    c.auth_schemes = schemes;
    c.first_credentials = {"x-api-key (current placeholder)", "Authorization: Bearer (other)"};
    for (std::size_t i = 0; i < schemes.size(); ++i) c.requests.push_back("POST /v1/messages?beta=true");
    if (!unserved.empty()) c.unserved = {unserved};
    c.versions = {"2023-06-01"};
    f.present.insert("capture.auth");
    f.present.insert("capture.paths");
    f.captured = c;
    f.sidecar_strips_both = true;
  };
}

struct GridRow {
  HypothesisId h;
  std::size_t row;
  const char* name;
  ChainFacts facts;
  Verdict verdict;
};

std::vector<GridRow> grid() {
  using H = HypothesisId;
  using V = Verdict;
  return {
      // H1
      {H::H1, 0, "capture: a path the API does not serve", with(captured({"x-api-key"}, "/chat/completions")),
       V::supported},
      {H::H1, 1, "capture: served paths", with(captured({"both", "bearer"})), V::refuted},
      {H::H1, 2, "base URL ends in /v1", with([](auto& f) { f.base_url_fault = FaultId::env_base_url_path; }), V::supported},
      {H::H1, 3, "off the chain", with([](auto& f) { f.base_url_fault = FaultId::env_base_url_missing; }), V::not_applicable},
      {H::H1, 4, "helper failed", with([](auto& f) { f.helper_failed = true; }), V::not_applicable},
      {H::H1, 5, "the client's own request refused, the bisection named the element", with([](auto& f) {
         ClientProbeFacts c;
         c.client = "claude-code 2.1.88";
         c.element = "the anthropic-beta value `x`";
         f.client = c;
       }), V::supported},
      {H::H1, 6, "the client's own request: one step's result did not repeat (unconfirmed)", with([](auto& f) {
         ClientProbeFacts c;
         c.client = "claude-code 2.1.88";
         c.answer = "400 invalid_request_error from anthropic: …";
         c.unconfirmed = "the Authorization header";
         c.unconfirmed_why = "the unchanged request, sent again, was accepted: the refusal did not repeat";
         f.client = c;
       }), V::inconclusive},
      {H::H1, 7, "the client's own request refused for a beta value a hop added", with([](auto& f) {
         ClientProbeFacts c;
         c.client = "claude-code 2.1.88";
         c.element_kind = "beta-added-by-hop";
         c.element_name = "extended-cache-ttl-2025-04-11";
         f.client = c;
       }), V::refuted},
      {H::H1, 8, "the client's own request refused for its model", with([](auto& f) {
         ClientProbeFacts c;
         c.client = "claude-code 2.1.88";
         c.element_kind = "model-refused";
         c.element_name = "claude-sonnet-4-6";
         f.client = c;
       }), V::refuted},
      {H::H1, 9, "nothing listens", with([](auto& f) { f.tcp = Seen::fail; }), V::refuted},
      {H::H1, 10, "the api-proxy's log: every API call ended in request_error", with([](auto& f) {
         f.forward_errors_logged = true;
       }), V::inconclusive},
      {H::H1, 11, "forward skipped", with([](auto& f) { f.forward = Seen::skipped; }), V::inconclusive},
      {H::H1, 12, "no HTTP response", with(no_response), V::refuted},
      {H::H1, 13, "upstream.auth failed", with(rejected), V::refuted},
      {H::H1, 14, "the client's own request accepted too", with([](auto& f) {
         ClientProbeFacts c;
         c.client = "claude-code 2.1.88";
         c.accepted = true;
         f.client = c;
       }), V::refuted},
      {H::H1, 15, "--client codex on the Anthropic route: nothing sent", with([](auto& f) {
         ClientProbeFacts c;
         c.client = "codex";
         c.answer = "codex speaks to the openai route; this probe covers the Anthropic route";
         c.route_not_covered = true;
         f.client = c;
       }), V::inconclusive},
      {H::H1, 16, "accepted", healthy(), V::refuted},
      {H::H1, 17, "tunnel did not pass", with([](auto& f) {
         f.forward_accepted = false;
         f.forward_status = 403;
         f.sidecar_tunnel = Seen::fail;
         f.upstream_auth = Seen::skipped;
       }), V::refuted},
      {H::H1, 18, "otherwise (429 through a working tunnel)", with([](auto& f) {
         f.forward_accepted = false;
         f.forward_status = 429;
         f.upstream_auth = Seen::warn;
       }), V::inconclusive},
      // H2
      {H::H2, 0, "the route's client runs no credential helper (Codex)", with([](auto& f) {
         f.client_runs_helper = false;
         captured({"both"})(f);
       }), V::not_applicable},
      {H::H2, 1, "capture: both headers, the sidecar strips both", with(captured({"both", "bearer"})), V::refuted},
      {H::H2, 2, "capture: both headers, strip list unknown", with([](auto& f) {
         captured({"both"})(f);
         f.sidecar_strips_both = false;
       }), V::inconclusive},
      {H::H2, 3, "capture: one header per request", with(captured({"bearer", "bearer"})), V::not_applicable},
      {H::H2, 4, "logs: the api-proxy injected its own credential, strips both", with([](auto& f) {
         f.credentials_probed = false;
         f.sidecar_injected = true;
         f.sidecar_strips_both = true;
       }), V::refuted},
      {H::H2, 5, "credentials not probed", with([](auto& f) { f.credentials_probed = false; }), V::inconclusive},
      {H::H2, 6, "one credential source", with([](auto& f) { f.credential_sources = {"ANTHROPIC_AUTH_TOKEN"}; }),
       V::not_applicable},
      {H::H2, 7, "two sources, helper failed", with([](auto& f) { f.helper_failed = true; }), V::refuted},
      {H::H2, 8, "two sources, awf's sidecar strips both", healthy(), V::refuted},
      {H::H2, 9, "two sources, hop not recognised", with([](auto& f) {
         f.sidecar_recognised = false;
         f.upstream_auth = Seen::skipped;
       }), V::inconclusive},
      // H3
      {H::H3, 0, "off the chain", with([](auto& f) { f.base_url_fault = FaultId::env_base_url_missing; }), V::not_applicable},
      {H::H3, 1, "helper failed", with([](auto& f) { f.helper_failed = true; }), V::refuted},
      {H::H3, 2, "nothing listens", with([](auto& f) { f.tcp = Seen::fail; }), V::refuted},
      {H::H3, 3, "stream fault", with([](auto& f) {
         f.stream = Seen::fail;
         f.stream_fault = "buffered";
       }), V::supported},
      {H::H3, 4, "the provider was busy (an overloaded_error event after 200)", with([](auto& f) {
         f.stream = Seen::pass;
         f.stream_upstream = Seen::warn;
         f.stream_status = 200;
         f.stream_busy = "an `event: error` overloaded_error after HTTP 200";
       }), V::inconclusive},
      {H::H3, 5, "--no-spend", with([](auto& f) {
         f.stream = Seen::skipped;
         f.stream_not_spent = true;
       }), V::inconclusive},
      {H::H3, 6, "stream answered 400", with([](auto& f) {
         f.stream = Seen::pass;
         f.stream_upstream = Seen::fail;
         f.stream_status = 400;
       }), V::refuted},
      {H::H3, 7, "stream silent beyond the client's watchdog", with([](auto& f) {
         f.stream = Seen::pass;
         f.stream_upstream = Seen::warn;
         f.stream_status = 200;
         f.stream_idle = true;
       }), V::inconclusive},
      {H::H3, 8, "bytes after message_stop on a complete stream", with([](auto& f) {
         f.stream = Seen::warn;
         f.stream_upstream = Seen::pass;
         f.stream_status = 200;
         f.stream_after_stop = true;
       }), V::refuted},
      {H::H3, 9, "clean stream, events together, no Content-Length", with([](auto& f) {
         f.stream = f.stream_upstream = Seen::pass;
         f.stream_status = 200;
         f.stream_pacing_unjudged = true;
       }), V::inconclusive},
      {H::H3, 10, "clean stream", with([](auto& f) {
         f.stream = f.stream_upstream = Seen::pass;
         f.stream_status = 200;
       }), V::refuted},
      {H::H3, 11, "the api-proxy's log: every API call ended in request_error", with([](auto& f) {
         f.forward_errors_logged = true;
       }), V::inconclusive},
      {H::H3, 12, "forward errored", with([](auto& f) { f.forward = Seen::errored; }), V::inconclusive},
      {H::H3, 13, "no HTTP response", with(no_response), V::refuted},
      {H::H3, 14, "stream not judged (the tool stopped reading)", with([](auto& f) {
         f.stream = Seen::errored;
         f.stream_upstream = Seen::errored;
         f.stream_status = 200;
         f.stream_unjudged = true;
         f.stream_summary = "stream not read to its end, so it is not judged";
       }), V::inconclusive},
      {H::H3, 15, "accepted, no stream tested", healthy(), V::inconclusive},
      {H::H3, 16, "otherwise (401)", with(rejected), V::refuted},
      // H4
      {H::H4, 0, "off the chain", with([](auto& f) { f.base_url_fault = FaultId::env_base_url_missing; }), V::not_applicable},
      {H::H4, 1, "helper failed", with([](auto& f) { f.helper_failed = true; }), V::refuted},
      {H::H4, 2, "nothing listens", with([](auto& f) { f.tcp = Seen::fail; }), V::refuted},
      {H::H4, 3, "tunnel up in Squid's log, no HTTP response (R01 sidecar-tunnels)", with([](auto& f) {
         no_response(f);
         f.sidecar_tunnel = Seen::pass;
       }), V::supported},
      {H::H4, 4, "no HTTP response", with(no_response), V::refuted},
      {H::H4, 5, "tunnel failed", with([](auto& f) {
         f.forward_accepted = false;
         f.forward_status = 403;
         f.sidecar_tunnel = Seen::fail;
       }), V::refuted},
      {H::H4, 6, "tunnel passed, accepted", healthy(), V::refuted},
      {H::H4, 7, "logs: tunnel up, an error status whose producer the logs do not show", with([](auto& f) {
         rejected(f);
         f.upstream_auth = Seen::warn;
         f.upstream_origin_unseen = true;
         f.upstream_origin_why = "not in the logs: no request-id req_…";
       }), V::inconclusive},
      {H::H4, 8, "tunnel passed, the provider's answer shows neither acceptance nor rejection", with([](auto& f) {
         f.sidecar_tunnel = Seen::pass;
         f.forward_accepted = false;
         f.acceptance_unknown = true;
       }), V::inconclusive},
      {H::H4, 9, "tunnel passed, the provider answered 529 (busy)", with([](auto& f) {
         f.forward_accepted = false;
         f.forward_status = 529;
         f.forward_error_type = "overloaded_error";
         f.forward_busy = true;
         f.upstream_auth = Seen::warn;
       }), V::refuted},
      {H::H4, 10, "tunnel passed, rejected (revoked key)", with(rejected), V::supported},
      {H::H4, 11, "tunnel not judged", with([](auto& f) { f.sidecar_tunnel = Seen::absent; }), V::inconclusive},
      {H::H4, 12, "otherwise (tunnel warned)", with([](auto& f) {
         f.forward_accepted = false;
         f.forward_status = 502;
         f.sidecar_tunnel = Seen::warn;
       }), V::inconclusive},
  };
}

}  // namespace

TEST_CASE("hypothesis grid: every row decides with its verdict", "[rules][hypotheses]") {
  const Provider& p = provider(ProviderId::anthropic);
  for (const auto& g : grid()) {
    INFO(code(g.h) << " row " << g.row << ": " << g.name);
    Decision d = decide(g.h, g.facts, p);
    CHECK(d.row == g.row);
    CHECK(d.verdict == g.verdict);
    CHECK(d.verdict == rule_table(g.h)[g.row].verdict);
    CHECK_FALSE(d.reason.empty());
    CHECK(d.reason.find('{') == std::string::npos);  // every template placeholder filled
  }
}

TEST_CASE("hypothesis grid covers every row of every table", "[rules][hypotheses]") {
  std::set<std::pair<int, std::size_t>> covered;
  for (const auto& g : grid()) covered.insert({static_cast<int>(g.h), g.row});
  for (HypothesisId h : kAllHypotheses)
    for (std::size_t i = 0; i < rule_table(h).size(); ++i) {
      INFO(code(h) << " row " << i << ": " << rule_table(h)[i].when_doc);
      CHECK(covered.count({static_cast<int>(h), i}) == 1);
    }
}

TEST_CASE("hypothesis reasons name what decided them", "[rules][hypotheses]") {
  const Provider& p = provider(ProviderId::anthropic);
  ChainFacts f = with(rejected);
  CHECK(decide(HypothesisId::H4, f, p).reason ==
        "the sidecar's tunnel through Squid came up and Anthropic answered, yet the call failed with HTTP 401 "
        "authentication_error");
  f = healthy();
  f.api_key = Seen::fail;
  CHECK(decide(HypothesisId::H2, f, p).reason.find("ANTHROPIC_API_KEY in the agent is a leak of its own") !=
        std::string::npos);
  f = with(no_response);
  CHECK(decide(HypothesisId::H1, f, p).reason.find("(x-api-key placeholder, anthropic-version 2023-06-01)") !=
        std::string::npos);
  // New-user F3: on a route whose client runs no apiKeyHelper, H2 says so in that route's words.
  const Provider& openai = provider(ProviderId::openai);
  ChainFacts codex = healthy();
  codex.client_runs_helper = false;
  const Decision h2 = decide(HypothesisId::H2, codex, openai);
  CHECK(h2.verdict == Verdict::not_applicable);
  CHECK(h2.reason == "Codex runs no credential helper (apiKeyHelper is Claude Code's own setting), so no token variable "
                     "(OPENAI_API_KEY, CODEX_API_KEY) can compete with one on the OpenAI route");
  // Evidence names only checks in the run.
  f.present = {"proxy.forward"};
  CHECK(decide(HypothesisId::H4, f, p).evidence == std::vector<std::string>{"proxy.forward"});
}

// judge_protocol_failure (rules/protocol_rules.cpp) on canned exchanges, and the check rules that
// call it first: one decision for every probe that talks HTTP.
#include <catch.hpp>

#include "catalog/catalog.hpp"
#include "rules/check_rules.hpp"
#include "rules/client_rules.hpp"
#include "rules/stream_rules.hpp"

using namespace awf;

namespace {

const Provider& P() { return provider(ProviderId::anthropic); }

Exchange failed(Transport t, std::string detail, std::optional<int> connect = std::nullopt) {
  Exchange e;
  e.transport = t;
  e.transport_detail = std::move(detail);
  e.connect_status = connect;
  return e;
}

bool has(const std::string& s, const std::string& needle) { return s.find(needle) != std::string::npos; }

}  // namespace

TEST_CASE("protocol failures: not HTTP, named per hop with libcurl's words", "[rules][protocol]") {
  const Exchange e = failed(Transport::not_http, "curl 1: Received HTTP/0.9 when not allowed");
  auto base = judge_protocol_failure(e, Hop::base_url, "GET /health", P());
  REQUIRE(base);
  CHECK(base->status == Status::fail);
  CHECK(base->fault == FaultId::proxy_not_http);
  CHECK(has(base->summary, "not an HTTP server at the base URL"));
  CHECK(has(base->summary, "curl 1: Received HTTP/0.9 when not allowed"));
  CHECK(has(base->hint, "ANTHROPIC_BASE_URL"));
  auto up = judge_protocol_failure(e, Hop::upstream, "GET /v1/models through Squid", P());
  REQUIRE(up);
  CHECK(up->fault == FaultId::upstream_not_http);
}

TEST_CASE("protocol failures: a scheme mismatch says which way and the fix", "[rules][protocol]") {
  auto tls_to_plain = judge_protocol_failure(
      failed(Transport::scheme_mismatch_tls_to_plain, "curl 35: OpenSSL/3.0.19: error:0A00010B:SSL routines::wrong version number"),
      Hop::base_url, "GET /health", P());
  REQUIRE(tls_to_plain);
  CHECK(tls_to_plain->fault == FaultId::proxy_scheme_mismatch);
  CHECK(has(tls_to_plain->summary, "https:// to a port that answers plain HTTP"));
  CHECK(has(tls_to_plain->summary, "change the scheme of --base-url / ANTHROPIC_BASE_URL to http://"));
  CHECK(has(tls_to_plain->hint, "to http://"));
  CHECK_FALSE(has(tls_to_plain->hint, "{"));
  auto plain_to_tls = judge_protocol_failure(failed(Transport::scheme_mismatch_plain_to_tls, "curl 56: Recv failure"),
                                             Hop::upstream, "GET /v1/models through Squid", P());
  REQUIRE(plain_to_tls);
  CHECK(plain_to_tls->fault == FaultId::upstream_scheme_mismatch);
  CHECK(has(plain_to_tls->summary, "http:// to a port that speaks TLS"));
  CHECK(has(plain_to_tls->summary, "--upstream to https://"));
}

TEST_CASE("protocol failures: Go's 400 to plain HTTP on its TLS port is a scheme mismatch", "[rules][protocol]") {
  Exchange e = failed(Transport::scheme_mismatch_plain_to_tls, "");
  e.http_status = 400;  // Go net/http's bare HTTP/1.0 400 (net/http.hpp kGoPlainToTlsBody)
  for (Hop hop : {Hop::base_url, Hop::upstream}) {
    auto o = judge_protocol_failure(e, hop, "GET /health", P());
    REQUIRE(o);
    CHECK(o->fault == (hop == Hop::base_url ? FaultId::proxy_scheme_mismatch : FaultId::upstream_scheme_mismatch));
    CHECK(has(o->summary, "scheme mismatch: http:// to a port that speaks TLS"));
    CHECK(has(o->summary, "400 \"Client sent an HTTP request to an HTTPS server.\""));
    CHECK(has(o->summary, "to https://"));
    CHECK(has(o->hint, "to https://"));
  }
  // Every rule of a base-URL check names it before reading the 400 as an answer.
  HealthFacts h;
  CHECK(judge_proxy_health(e, h, P()).fault == FaultId::proxy_scheme_mismatch);
  CHECK(judge_proxy_forward(e, true, P()).fault == FaultId::proxy_scheme_mismatch);
}

TEST_CASE("protocol failures: the proxy's side (407, not HTTP, tunnel closed before TLS)", "[rules][protocol]") {
  auto auth = judge_protocol_failure(failed(Transport::proxy_auth_required, "curl 56: CONNECT tunnel failed, response 407", 407),
                                     Hop::upstream, "CONNECT 127.0.0.1:443 through http://127.0.0.1:3128", P());
  REQUIRE(auth);
  CHECK(auth->fault == FaultId::squid_proxy_auth_required);
  CHECK(has(auth->summary, "proxy credentials required"));
  auto closed = judge_protocol_failure(failed(Transport::tunnel_closed_before_tls, "curl 35: SSL_ERROR_SYSCALL", 200),
                                       Hop::upstream, "TLS with 127.0.0.1:443 through Squid", P());
  REQUIRE(closed);
  CHECK(closed->fault == FaultId::squid_tunnel_dropped);
  CHECK(has(closed->summary, "the tunnel closed before TLS"));
  CHECK_FALSE(has(closed->hint, "--ssl-bump"));
  auto junk = judge_protocol_failure(failed(Transport::proxy_not_http, "curl 56: CONNECT tunnel failed, response 0"),
                                     Hop::upstream, "CONNECT", P());
  REQUIRE(junk);
  CHECK(junk->fault == FaultId::squid_not_http_proxy);
}

TEST_CASE("protocol failures: other transports are left to the check's own rule", "[rules][protocol]") {
  for (Transport t : {Transport::none, Transport::reset, Transport::empty_reply, Transport::timeout, Transport::refused})
    CHECK_FALSE(judge_protocol_failure(failed(t, ""), Hop::base_url, "x", P()).has_value());
  CHECK_FALSE(judge_protocol_failure(failed(Transport::tls, ""), Hop::upstream, "x", P()).has_value());  // squid.tls
}

TEST_CASE("protocol failures: a failed TLS handshake at the base URL is named, not \"never answers\" (F13)",
          "[rules][protocol]") {
  const Exchange e = failed(Transport::tls, "curl 35: OpenSSL SSL_connect: SSL_ERROR_SYSCALL in connection to 127.0.0.1:1");
  HealthFacts h;
  const Outcome o = judge_proxy_health(e, h, P());
  CHECK(o.fault == FaultId::proxy_tls_failed);
  CHECK(has(o.summary, "TLS handshake with the base URL failed"));
  CHECK(has(o.summary, "curl 35"));
  CHECK(judge_proxy_forward(e, true, P()).fault == FaultId::proxy_tls_failed);
}

TEST_CASE("protocol failures: every HTTP check rule names them the same way", "[rules][protocol]") {
  const Exchange e = failed(Transport::not_http, "curl 1: Received HTTP/0.9 when not allowed");
  HealthFacts h;
  CHECK(judge_proxy_health(e, h, P()).fault == FaultId::proxy_not_http);
  CHECK(judge_proxy_forward(e, true, P()).fault == FaultId::proxy_not_http);
  CHECK(judge_stream_relay(e, std::nullopt, P()).fault == FaultId::proxy_not_http);
  ClientProbeFacts f;
  f.client = "claude-code 2.1.88";
  CHECK(judge_client_relay(e, f, P()).fault == FaultId::proxy_not_http);
  CHECK(judge_upstream_reachable(e, P()).fault == FaultId::upstream_not_http);
  const Exchange auth = failed(Transport::proxy_auth_required, "curl 56: CONNECT tunnel failed, response 407", 407);
  CHECK(judge_tool_connect(auth, "127.0.0.1:443", "http://127.0.0.1:3128", 10000, P()).fault ==
        FaultId::squid_proxy_auth_required);
  CHECK(squid_refusal_fault(407, "ERR_CACHE_ACCESS_DENIED", true) == FaultId::squid_proxy_auth_required);
  const Exchange closed = failed(Transport::tunnel_closed_before_tls, "curl 35: SSL_ERROR_SYSCALL", 200);
  CHECK(judge_tunnel_tls(closed, "127.0.0.1:443", "SSL_ERROR_SYSCALL", P()).fault == FaultId::squid_tunnel_dropped);
}

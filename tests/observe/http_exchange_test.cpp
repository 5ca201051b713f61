// observe_http: who produced an answer (domain.md §10) and what was sent, on canned responses.
#include <catch.hpp>

#include "observe/http_exchange.hpp"
#include "topology/providers.hpp"

using namespace awf;

namespace {

const Provider& P() { return provider(ProviderId::anthropic); }

HttpResponse anthropic_shape(bool with_request_id) {
  HttpResponse r;
  r.status = 400;
  r.headers = {{"content-type", "application/json"}};
  if (with_request_id) r.headers.push_back({"request-id", "req_011CVabc"});
  r.body = R"({"type":"error","error":{"type":"invalid_request_error","message":"Unexpected value(s) `x` for the `anthropic-beta` header."}})";
  return r;
}

}  // namespace

TEST_CASE("observe_http: the provider's shape with its request-id is the provider's answer", "[observe]") {
  HttpRequest req;
  const Exchange e = observe_http(req, anthropic_shape(true), P());
  CHECK(e.origin == Origin::provider);
  CHECK(e.request_id == "req_011CVabc");
  CHECK(e.origin_why.find("req_011CVabc") != std::string::npos);
}

TEST_CASE("observe_http: the provider's shape without a request-id is a hop's, and says why (F12)", "[observe]") {
  HttpRequest req;
  const Exchange e = observe_http(req, anthropic_shape(false), P());
  CHECK(e.origin == Origin::unknown);
  CHECK(e.request_id.empty());
  CHECK(e.error_type == "invalid_request_error");  // the body is still read
  CHECK(e.origin_why.find("no request-id header") != std::string::npos);
  CHECK(e.origin_why.find("a hop on the way produced it") != std::string::npos);
}

TEST_CASE("observe_http: the anthropic-beta values sent are kept as a list", "[observe]") {
  HttpRequest req;
  req.headers = {{"Anthropic-Beta", "claude-code-20250219, context-1m-2025-08-07"}, {"x-app", "cli"}};
  const Exchange e = observe_http(req, anthropic_shape(true), P());
  CHECK(e.sent_betas_known);
  CHECK(e.sent_betas == std::vector<std::string>{"claude-code-20250219", "context-1m-2025-08-07"});
  HttpRequest none;
  const Exchange n = observe_http(none, anthropic_shape(true), P());
  CHECK(n.sent_betas_known);
  CHECK(n.sent_betas.empty());
}

TEST_CASE("observe_http: a CONNECT answer's Squid marks and content are recorded (F17)", "[observe]") {
  HttpRequest req;
  req.proxy = "http://127.0.0.1:9";
  HttpResponse r;
  r.connect_code = 403;
  r.connect_headers = {{"content-type", "text/plain"}};
  r.error = TransportError::proxy_connect;
  CHECK_FALSE(observe_http(req, r, P()).connect_by_squid);
  r.connect_headers.push_back({"server", "squid/6.13"});
  CHECK(observe_http(req, r, P()).connect_by_squid);
  HttpResponse ok;
  ok.connect_code = 200;
  ok.connect_headers = {{"content-length", "27"}, {"content-type", "application/json"}};
  ok.error = TransportError::scheme_mismatch_tls_to_plain;
  CHECK(observe_http(req, ok, P()).connect_with_content);
  ok.connect_headers = {{"content-length", "0"}};
  CHECK_FALSE(observe_http(req, ok, P()).connect_with_content);
}

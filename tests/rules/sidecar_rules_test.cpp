// judge_sidecar_state: the sidecar's own state -> proxy.sidecar_state's status and fault.
#include <catch.hpp>

#include "catalog/catalog.hpp"
#include "rules/sidecar_rules.hpp"

using namespace awf;

namespace {

const Provider& P() { return provider(ProviderId::anthropic); }

SidecarReading answered(const std::string& body) {
  SidecarReading r;
  r.management_url = "http://127.0.0.1:1";
  r.management.complete = true;
  r.management.http_status = 200;
  r.state = parse_sidecar_health(body);
  return r;
}

SidecarReading unanswered(Transport t, std::optional<bool> provider_refused) {
  SidecarReading r;
  r.management_url = "http://127.0.0.1:1";
  r.management.transport = t;
  r.provider_port_refused = provider_refused;
  return r;
}

}  // namespace

TEST_CASE("sidecar_state rule: each state of the sidecar", "[rules][sidecar-state]") {
  struct Row {
    const char* name;
    SidecarReading r;
    Status status;
    std::optional<FaultId> fault;
  };
  const std::vector<Row> rows = {
      {"valid", answered(R"({"service":"awf-api-proxy","providers":{"anthropic":true},
          "key_validation":{"complete":true,"results":{"anthropic":{"status":"valid"}}}})"), Status::pass, std::nullopt},
      {"invalid header character", answered(R"({"service":"awf-api-proxy","providers":{"anthropic":true},
          "key_validation":{"results":{"anthropic":{"status":"network_error",
          "message":"Invalid character in header content [\"x-api-key\"]"}}}})"), Status::fail,
       FaultId::sidecar_key_invalid_character},
      {"other network error", answered(R"({"service":"awf-api-proxy","providers":{"anthropic":true},
          "key_validation":{"results":{"anthropic":{"status":"network_error","message":"getaddrinfo EAI_AGAIN"}}}})"),
       Status::pass, std::nullopt},
      {"auth rejected", answered(R"({"service":"awf-api-proxy","providers":{"anthropic":true},
          "key_validation":{"results":{"anthropic":{"status":"auth_rejected"}}}})"), Status::fail,
       FaultId::upstream_key_rejected},
      {"not configured", answered(R"({"service":"awf-api-proxy","providers":{"anthropic":false}})"), Status::fail,
       FaultId::proxy_provider_not_configured},
      {"not awf's management", answered(R"({"status":"ok"})"), Status::skip, std::nullopt},
      {"both ports refuse", unanswered(Transport::refused, true), Status::fail, FaultId::sidecar_process_gone},
      {"management refuses, provider port up", unanswered(Transport::refused, false), Status::skip, std::nullopt},
      {"management times out", unanswered(Transport::timeout, std::nullopt), Status::skip, std::nullopt},
  };
  for (const auto& row : rows) {
    INFO(row.name);
    Outcome o = judge_sidecar_state(row.r, P());
    CHECK(o.status == row.status);
    CHECK(o.fault == row.fault);
    if (o.fault) CHECK_FALSE(o.hint.empty());
  }
}

TEST_CASE("sidecar_state hints are true to the version", "[rules][sidecar-state]") {
  Outcome o = judge_sidecar_state(answered(R"({"providers":{"anthropic":true},"key_validation":{"results":{
      "anthropic":{"status":"network_error","message":"Invalid character in header content [\"x-api-key\"]"}}}})"),
                                  P());
  CHECK(o.hint.find("surrounding whitespace only") != std::string::npos);
  CHECK(o.hint.find("U+200B") != std::string::npos);
  CHECK(o.hint.find("{") == std::string::npos);  // every template slot filled
  Outcome gone = judge_sidecar_state(unanswered(Transport::refused, true), P());
  CHECK(gone.hint.find("ERR_INVALID_CHAR") != std::string::npos);
  CHECK(gone.hint.find("diagnostics/awf-api-proxy.log") != std::string::npos);
}

// parse_sidecar_health: lenient across versions (domain.md §4).
#include <catch.hpp>

#include "observe/sidecar_state.hpp"

using namespace awf;

TEST_CASE("sidecar health: HEAD's management shape", "[observe][sidecar-state]") {
  SidecarState s = parse_sidecar_health(
      R"({"status":"healthy","service":"awf-api-proxy","squid_proxy":"http://172.30.0.10:3128",
          "providers":{"openai":false,"anthropic":true},
          "key_validation":{"complete":true,"results":{"anthropic":{"status":"network_error",
            "message":"Invalid character in header content [\"x-api-key\"]"}}},
          "metrics_summary":{"total_requests":3,"total_errors":1,"active_requests":0,"avg_latency_ms":12.5}})");
  CHECK(s.parsed);
  CHECK(s.awf_shape);
  CHECK(s.providers.at("anthropic"));
  CHECK_FALSE(s.providers.at("openai"));
  CHECK(s.key_validation_complete == true);
  CHECK(s.key_validation.at("anthropic").status == "network_error");
  CHECK(s.total_requests == 3);
  CHECK(s.total_errors == 1);
  CHECK(s.squid_proxy == "http://172.30.0.10:3128");
  CHECK_FALSE(invalid_char_class(s.key_validation.at("anthropic").message).empty());
}

TEST_CASE("sidecar health: older and odd shapes are read leniently", "[observe][sidecar-state]") {
  // v0.25.x: no key_validation
  SidecarState old = parse_sidecar_health(R"({"status":"healthy","service":"awf-api-proxy","providers":{"anthropic":true}})");
  CHECK(old.awf_shape);
  CHECK(old.key_validation.empty());
  CHECK_FALSE(old.key_validation_complete);
  // wrong types are ignored, not fatal
  SidecarState odd = parse_sidecar_health(
      R"({"providers":{"anthropic":"yes","openai":true},"key_validation":{"results":[1,2]},"metrics_summary":7})");
  CHECK(odd.parsed);
  CHECK(odd.providers.size() == 1);
  CHECK(odd.key_validation.empty());
  // a per-port /health is not the management shape
  CHECK_FALSE(parse_sidecar_health(R"({"status":"healthy","service":"awf-api-proxy-anthropic"})").awf_shape);
  for (const char* bad : {"", "not json", "[]", "null", "{\"a\":", "\"str\""}) {
    INFO(bad);
    CHECK_FALSE(parse_sidecar_health(bad).awf_shape);
  }
  CHECK(invalid_char_class("socket hang up").empty());
}

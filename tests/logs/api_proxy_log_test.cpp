#include <catch.hpp>

#include "logs/case_logs.hpp"
#include "logs/facts_json.hpp"
#include "logs/read_source.hpp"

using namespace awf::logs;

TEST_CASE("R16 api-proxy log: validation, starts vs completes, key length only", "[logs][api_proxy][cases]") {
  LogFacts f;
  const auto& s = read_text(awf::test::case_field("R16", "", "setup.api_proxy.log"), "api-proxy.log", f);
  CHECK(s.format == LogFormat::api_proxy_jsonl);
  CHECK(s.lines_unparsed == 0);
  const auto& p = f.api_proxy;
  REQUIRE(p.key_validations.size() == 1);
  CHECK(p.key_validations[0].provider == "anthropic");
  CHECK(p.key_validations[0].status == "valid");
  CHECK(p.request_start_total == 2);
  CHECK(p.request_complete_total == 2);
  CHECK(p.request_complete.at("anthropic 200") == 2);
  CHECK(p.auth_inject == 2);
  CHECK(p.auth_inject_key_length.at(28) == 2);
  std::string dump = to_json(f).dump();
  CHECK(dump.find("test-rea...0001") == std::string::npos);
  CHECK(dump.find("key_preview") == std::string::npos);
  CHECK(dump.find("test-real-anthropic-key-0001") == std::string::npos);
}

TEST_CASE("R01 real-401: upstream_auth_error 401, key_preview of the revoked key never kept", "[logs][api_proxy][cases]") {
  LogFacts f;
  read_text(awf::test::case_field("R01", "real-401", "setup.api_proxy.log"), "api-proxy.log", f);
  CHECK(f.api_proxy.upstream_auth_error.at(401) == 1);
  CHECK(f.api_proxy.auth_inject_key_length.at(31) == 1);
  CHECK(f.api_proxy.request_complete.at("anthropic 401") == 1);
  std::string dump = to_json(f).dump();
  CHECK(dump.find("test-rev...0009") == std::string::npos);
  CHECK(dump.find("test-revoked-anthropic-key-0009") == std::string::npos);
}

TEST_CASE("R01 main: the sidecar's Node crash line names the header", "[logs][api_proxy][cases]") {
  LogFacts f;
  const auto& s = read_text(awf::test::case_field("R01", "", "setup.api_proxy.log"), "api-proxy.log", f);
  CHECK(s.format == LogFormat::api_proxy_jsonl);
  CHECK(f.api_proxy.crash_lines == 1);
  CHECK(f.api_proxy.invalid_header_names == std::vector<std::string>{"x-api-key"});
  CHECK(f.err_codes.node.at("ERR_INVALID_CHAR").count == 1);
  CHECK(f.err_codes.squid.empty());
}

TEST_CASE("R14 anthropic-path: start-up validation network_error — starts without completes counted", "[logs][api_proxy][cases]") {
  LogFacts f;
  read_text(awf::test::case_field("R14", "anthropic-path", "setup.api_proxy.log"), "api-proxy.log", f);
  REQUIRE(f.api_proxy.key_validations.size() == 1);
  CHECK(f.api_proxy.key_validations[0].event == "key_validation_failed");
  CHECK(f.api_proxy.key_validations[0].status == "network_error");
  CHECK(f.api_proxy.request_complete.at("anthropic 503") == 1);
}

TEST_CASE("api-proxy: startup, errors, guards, unknown events, broken JSON", "[logs][api_proxy]") {
  LogFacts f;
  const auto& s = read_text(
      R"({"timestamp":"2026-11-29T10:00:00.000Z","level":"info","event":"startup","squid_proxy":"http://172.30.0.10:3128","providers_configured":{"anthropic":true,"openai":false}}
{"timestamp":"2026-11-29T10:00:00.001Z","level":"warn","event":"startup_warning","message":"No HTTPS_PROXY configured, requests will go direct"}
{"timestamp":"2026-11-29T10:00:01.000Z","level":"info","event":"request_start","request_id":"a","provider":"anthropic"}
{"timestamp":"2026-11-29T10:00:02.000Z","level":"error","event":"request_error","request_id":"a","message":"Squid answered X-Squid-Error: ERR_DNS_FAIL 0"}
{"timestamp":"2026-11-29T10:00:03.000Z","level":"warn","event":"rate_limited","provider":"anthropic"}
{"timestamp":"2026-11-29T10:00:03.500Z","level":"warn","event":"ai_credits_limit_exceeded"}
{"timestamp":"2026-11-29T10:00:04.000Z","level":"info","event":"something_new"}
{"timestamp":"2026-11-29T10:00:05.000Z","level":"info","event":
No HTTPS_PROXY configured, requests will go direct
)",
      "api-proxy.log", f);
  const auto& p = f.api_proxy;
  CHECK(p.startup_events == 1);
  CHECK(p.squid_proxy == std::optional<std::string>("http://172.30.0.10:3128"));
  CHECK(p.providers_configured == std::vector<std::string>{"anthropic"});
  CHECK(p.no_https_proxy_warning.line == 2);
  CHECK(p.request_error_total == 1);
  CHECK(f.err_codes.squid.at("ERR_DNS_FAIL").count == 1);
  CHECK(p.guard_events.at("rate_limited") == 1);
  CHECK(p.guard_events.at("ai_credits_limit_exceeded") == 1);
  CHECK(p.other_events.at("something_new") == 1);
  CHECK(p.other_events.at("startup_warning") == 1);
  CHECK(s.lines_unparsed == 1);
  CHECK(s.first_unparsed_line == 8);
  CHECK(s.lines_read == s.lines_used + s.lines_other + s.lines_unparsed);
}

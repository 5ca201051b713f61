#include <catch.hpp>

#include "logs/case_logs.hpp"
#include "logs/read_source.hpp"

using namespace awf::logs;

namespace {
std::uint64_t hist(const ClaudeStreamFacts& f, std::optional<long long> status, const std::string& error) {
  auto it = f.retry_histogram.find({status, error});
  return it == f.retry_histogram.end() ? 0 : it->second;
}
}  // namespace

TEST_CASE("R01 stream-json: 10 retries with error_status null, no cost", "[logs][claude][cases]") {
  LogFacts f;
  const auto& s = read_text(awf::test::case_field("R01", "", "setup.agent_output.stream_json"), "agent.log", f);
  CHECK(s.format == LogFormat::claude_stream_json);
  const auto& c = f.claude;
  CHECK(c.version == std::optional<std::string>("2.1.88"));
  CHECK(c.model == std::optional<std::string>("claude-sonnet-4-6"));
  CHECK_FALSE(c.api_key_source);
  CHECK(c.api_retry == 10);
  CHECK(c.api_retry_null_status == 10);
  CHECK(hist(c, std::nullopt, "unknown") == 10);
  CHECK(c.max_retries == std::optional<long long>(10));
  CHECK(c.is_error == std::optional<bool>(true));
  CHECK(c.total_cost_usd == std::optional<double>(0.0));
  CHECK(c.result_text == "API Error: Unable to connect to API (ECONNRESET)");
  CHECK(client_attempts(c) == 11);
}

TEST_CASE("R01 real-401: error_status 401 authentication_failed, not null", "[logs][claude][cases]") {
  LogFacts f;
  read_text(awf::test::case_field("R01", "real-401", "setup.agent_output.stream_json"), "agent.log", f);
  CHECK(f.claude.api_retry_null_status == 0);
  CHECK(hist(f.claude, 401, "authentication_failed") == 2);
  CHECK(f.claude.result_text == "Invalid API key \xC2\xB7 Fix external API key");
}

TEST_CASE("R14 anthropic-path: 503 relayed (api_error_status), R16 success", "[logs][claude][cases]") {
  LogFacts f;
  read_text(awf::test::case_field("R14", "anthropic-path", "setup.agent_output.stream_json"), "agent.log", f);
  CHECK(hist(f.claude, 503, "unknown") == 2);
  CHECK(f.claude.api_error_status == std::optional<long long>(503));
  LogFacts ok;
  read_text(awf::test::case_field("R16", "", "setup.agent_output.stream_json"), "agent.log", ok);
  CHECK(ok.claude.is_error == std::optional<bool>(false));
  CHECK(ok.claude.num_turns == std::optional<long long>(2));
  CHECK(ok.claude.api_retry == 0);
  CHECK(client_attempts(ok.claude) == 1);
}

TEST_CASE("stream-json interleaved with text, unknown types, apiKeySource", "[logs][claude]") {
  LogFacts f;
  const auto& s = read_text(
      "[entrypoint] starting\n"
      R"({"type":"system","subtype":"init","apiKeySource":"apiKeyHelper","claude_code_version":"2.1.88","model":"m"})" "\n"
      "some free text the CLI printed\n"
      R"({"type":"assistant","message":{"content":[{"type":"text","text":"secret-ish model output"}]}})" "\n"
      R"({"type":"brand_new_type"})" "\n"
      R"({"no_type":1})" "\n"
      R"({"type":"system","subtype":"api_retry","attempt":1,"error_status":null,"error":"unknown"})" "\n"
      R"({"type":"system","subtype":"api_retry","attempt":2,"error":"unknown"})" "\n"
      "{\"type\":\"result\",\"is_error\":tru\n",
      "agent.log", f);
  CHECK(s.format == LogFormat::claude_stream_json);
  CHECK(f.claude.api_key_source == std::optional<std::string>("apiKeyHelper"));
  CHECK(f.claude.other_types.at("assistant/") == 1);
  CHECK(f.claude.other_types.at("brand_new_type/") == 1);
  CHECK(f.claude.api_retry_null_status == 2);
  CHECK(s.lines_unparsed == 1);
  CHECK(s.first_unparsed_line == 9);
  CHECK(s.lines_read == 9);
  CHECK(s.lines_used + s.lines_other + s.lines_unparsed == 9);
}

TEST_CASE("agent lines copied from a job log keep their time-stamp prefix and are still read", "[logs][claude]") {
  LogFacts f;
  const auto& s = read_text(
      "2026-11-29T10:00:01.1234567Z [health-check] \xE2\x9C\x93 All API proxy health checks passed\n"
      "2026-11-29T10:00:02.0000000Z {\"type\":\"system\",\"subtype\":\"api_retry\",\"error_status\":null,\"error\":\"unknown\"}\n"
      "2026-11-29T10:00:03Z {\"type\":\"result\",\"is_error\":true,\"result\":\"x\"}\n",
      "job.log", f);
  CHECK(s.format == LogFormat::claude_stream_json);
  CHECK(s.lines_used == 3);
  CHECK(f.claude.api_retry_null_status == 1);
  CHECK(f.agent.entrypoint.health_check_passed.line == 1);
}

TEST_CASE("stream-json: a failed result is kept when a successful one is read after it", "[logs][claude]") {
  ClaudeStreamFacts f;
  const Where w{};
  REQUIRE(read_claude_stream_line(
      R"({"type":"result","subtype":"success","is_error":true,"result":"Invalid API key · Fix external API key","api_error_status":401})",
      w, f));
  REQUIRE(read_claude_stream_line(
      R"({"type":"result","subtype":"success","is_error":false,"result":"hello","total_cost_usd":0.003})", w, f));
  CHECK(f.results == 2);
  CHECK(f.results_ok == 1);
  CHECK(f.results_failed == 1);
  REQUIRE(f.is_error);
  CHECK(*f.is_error);
  CHECK(f.result_text.find("Invalid API key") == 0);
}

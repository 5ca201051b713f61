// analyze on what the real Claude Code 2.1.88 prints (issue 7 acceptance "real client output"): its
// stream-json against a base URL that resets every request, and against one that answers 401. The
// recorded output (tests/fixtures/realclient) is judged always; a fresh run of the real client
// (tests/lab/realclient.py, its own network namespace) when npm could install it ([realclient]).
#include <catch.hpp>

#include <nlohmann/json.hpp>

#include "support/realclient.hpp"
#include "support/report_json.hpp"
#include "support/test_support.hpp"

using awf::test::check;
using awf::test::hypothesis;
using nlohmann::json;

namespace {

const std::string kFixtures = std::string(AWF_SOURCE_DIR) + "/tests/fixtures/realclient/";

json analyze(const std::string& agent_log, int expect_exit) {
  auto r = awf::test::run_awf_diag({"analyze", "--agent-log", agent_log, "-o", "json"});
  INFO(r.out << r.err);
  CHECK(r.exit_code == expect_exit);
  return json::parse(r.out);
}

// error_status: null on every attempt: no HTTP answer reached the client, the proxy link fails, and
// nothing is said of the upstream.
void require_no_http_answer(const json& doc) {
  CHECK(doc["summary"]["verdict"] == "FAIL");
  CHECK(doc["summary"]["failed_link"] == "proxy");
  const json& c = check(doc, "log.agent.requests");
  CHECK(c["status"] == "fail");
  CHECK(c["summary"].get<std::string>().find("error_status: null") != std::string::npos);
  CHECK(check(doc, "log.upstream.auth")["status"] == "skip");
  CHECK(hypothesis(doc, "H3")["verdict"] == "refuted");
  // What was not seen is not asserted: the hint does not claim /health was green.
  CHECK(c["hint"].get<std::string>().find("was not seen") != std::string::npos);
}

// error_status: 401: an HTTP answer came back (the agent-to-sidecar link works); the 401's producer
// is not in these logs, so the upstream link fails on missing acceptance, never "key rejected".
void require_http_401(const json& doc) {
  CHECK(doc["summary"]["verdict"] == "FAIL");
  CHECK(doc["summary"]["failed_link"] == "upstream");
  CHECK(check(doc, "log.agent.requests")["status"] == "pass");
  const json& up = check(doc, "log.upstream.auth");
  CHECK(up["status"] == "fail");
  CHECK(up["evidence"]["fault"] == "upstream-acceptance-unseen");
  CHECK(hypothesis(doc, "H3")["verdict"] == "refuted");
}

// Runs the real client in its namespace; `base_cmd` empty = the recording double (401).
std::string real_client_stream_json(const awf::test::TempDir& d, const std::string& base_cmd) {
  const std::vector<std::string> extra =
      base_cmd.empty() ? std::vector<std::string>{} : std::vector<std::string>{"--base-cmd", base_cmd};
  const json out = awf::test::run_realclient(d, extra);
  std::string lines;
  for (const auto& l : out["stream_json"]) lines += l.dump() + "\n";
  REQUIRE(!lines.empty());
  return d.write("agent.log", lines);
}

}  // namespace

TEST_CASE("analyze: real Claude Code 2.1.88's output against a resetting base URL is no HTTP answer (recorded)",
          "[cli][analyze]") {
  require_no_http_answer(analyze(kFixtures + "claude-code-2.1.88-reset.stream.jsonl", 1));
}

TEST_CASE("analyze: real Claude Code 2.1.88's output against a 401 is an HTTP answer whose producer is unseen (recorded)",
          "[cli][analyze]") {
  require_http_401(analyze(kFixtures + "claude-code-2.1.88-401.stream.jsonl", 1));
}

TEST_CASE("analyze: a fresh run of the real Claude Code 2.1.88 against a resetting base URL and a 401",
          "[cli][analyze][realclient]") {
  if (std::string why = awf::test::realclient_not_installed_reason(); !why.empty()) {
    WARN("skipped: " << why);
    return;
  }
  awf::test::TempDir reset_dir;
  const std::string reset_log =
      real_client_stream_json(reset_dir, std::string(AWF_DIAG_BIN) + " capture --listen 127.0.0.1:{port} --answer reset -o json");
  require_no_http_answer(analyze(reset_log, 1));
  awf::test::TempDir unauth_dir;
  require_http_401(analyze(real_client_stream_json(unauth_dir, ""), 1));
}

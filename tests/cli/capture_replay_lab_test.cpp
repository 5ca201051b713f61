// decisions.md 13: `--client-profile FILE` loads the JSON report `capture` writes, so a request recorded
// from any client is replayed by the client-shaped probe. Here a client no built-in profile knows sends
// Copilot's retired anthropic-beta value (R22's kind) to `capture`; check-chain then replays that
// recorded request on the lab whose upstream rejects the value, and names it.
#include <catch.hpp>

#include <fstream>
#include <future>

#include <nlohmann/json.hpp>

#include "support/lab.hpp"
#include "support/lab_run.hpp"
#include "support/raw_http.hpp"
#include "support/test_support.hpp"

using awf::test::check;
using awf::test::hypothesis;
using awf::test::Lab;
using awf::test::run_awf_diag;
using nlohmann::json;

namespace {

/// What an unknown client sends: its own user-agent and beta list, x-api-key from its placeholder.
std::string recorded_client_request(const std::string& beta) {
  const std::string body = R"({"model":"claude-sonnet-4-6","max_tokens":1,"stream":true,"messages":[]})";
  return "POST /v1/messages?beta=true HTTP/1.1\r\nHost: 127.0.0.1\r\nuser-agent: some-agent/0.9 (test)\r\n"
         "x-api-key: sk-ant-placeholder-key-for-credential-isolation\r\nanthropic-version: 2023-06-01\r\n"
         "anthropic-beta: " + beta + "\r\nx-client-trace: abc\r\ncontent-type: application/json\r\nContent-Length: " +
         std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
}

std::string capture_one(const awf::test::TempDir& dir, const std::string& request) {
  const int port = awf::test::free_port();
  auto run = std::async(std::launch::async, [&] {
    return run_awf_diag({"capture", "--listen", "127.0.0.1:" + std::to_string(port), "--count", "1", "--duration", "30",
                         "-o", "json"});
  });
  awf::test::send_request(port, request);
  auto res = run.get();
  INFO(res.out << res.err);
  const std::string path = dir.path() + "/capture.json";
  std::ofstream(path) << res.out;
  return path;
}

}  // namespace

TEST_CASE("capture replay: check-chain --client-profile takes capture's JSON report and replays the recorded request",
          "[lab][cli][client][capture]") {
  Lab lab("beta-rejected");
  awf::test::TempDir dir;
  const std::string cap = capture_one(dir, recorded_client_request("context-1m-2025-08-07"));
  auto r = awf::test::run_chain_json(lab, {"--no-spend", "--client-profile", cap});
  INFO(r.res.out << r.res.err);
  CHECK(r.res.exit_code == 1);
  const json& c = check(r.doc, "upstream.client_request");
  CHECK(c["status"] == "fail");
  CHECK(c["evidence"]["fault"] == "upstream-beta-header-rejected");
  const json& client = check(r.doc, "proxy.client_request");
  CHECK(client["evidence"]["client"].get<std::string>().find("captured:some-agent/0.9") == 0);
  CHECK(client["evidence"]["client"].get<std::string>().find("(--client-profile)") != std::string::npos);
  CHECK(hypothesis(r.doc, "H1")["verdict"] == "supported");
  CHECK(hypothesis(r.doc, "H1").dump().find("context-1m-2025-08-07") != std::string::npos);

  // The same unknown client without the retired value: its recorded request is accepted.
  Lab healthy("none");
  awf::test::TempDir dir2;
  const std::string ok = capture_one(dir2, recorded_client_request("fine-grained-tool-streaming-2025-05-14"));
  auto h = awf::test::run_chain_json(healthy, {"--no-spend", "--client-profile", ok});
  INFO(h.res.out << h.res.err);
  CHECK(h.res.exit_code == 0);
  CHECK(check(h.doc, "proxy.client_request")["status"] == "pass");
}

TEST_CASE("capture replay: a capture report with nothing to replay is a usage error naming the flag",
          "[cli][client][capture]") {
  awf::test::TempDir dir;
  const std::string path = dir.path() + "/empty-capture.json";
  std::ofstream(path) << R"({"schema_version":1,"tool_version":"x","exit_code":3,"run":{"command":"capture"},)"
                         R"("checks":[{"id":"capture.requests","evidence":{"requests":[]}}]})";
  auto r = run_awf_diag({"check-chain", "--client-profile", path, "--base-url", "http://127.0.0.1:9", "--squid",
                         "http://127.0.0.1:9", "--upstream", "https://127.0.0.1:9", "--list-checks"});
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("--client-profile") != std::string::npos);
  CHECK(r.err.find("no complete request") != std::string::npos);
}

// [realclient]: the real @anthropic-ai/claude-code@2.1.88 against `awf-diag capture` answering 401
// (issue 10 acceptance). tests/lab/realclient.py runs the client in its own network namespace with
// ANTHROPIC_AUTH_TOKEN set and an apiKeyHelper in a temporary HOME, CLAUDE_CODE_MAX_RETRIES=1, and
// `awf-diag capture --listen 127.0.0.1:{port} -o json` as ANTHROPIC_BASE_URL; capture gets SIGINT
// after the client exits. Skipped, with the reason, only when bootstrap could not install the client.
#include <catch.hpp>

#include <nlohmann/json.hpp>

#include <unistd.h>

#include "core/subprocess.hpp"
#include "support/realclient.hpp"
#include "support/test_support.hpp"

namespace {

const nlohmann::json* find_check(const nlohmann::json& report, const std::string& id) {
  for (const auto& c : report["checks"])
    if (c["id"] == id) return &c;
  return nullptr;
}

}  // namespace

TEST_CASE("capture: real Claude Code 2.1.88 with token + apiKeyHelper against capture answering 401",
          "[capture][realclient]") {
  if (std::string why = awf::test::realclient_not_installed_reason(); !why.empty()) {
    WARN("skipped: " << why);
    return;
  }
  awf::test::TempDir d;
  const auto out = awf::test::run_realclient(
      d, {"--base-cmd", std::string(AWF_DIAG_BIN) + " capture --listen 127.0.0.1:{port} -o json"});
  const auto& base = out["base_cmd"];
  INFO("capture stderr: " << base["stderr"].get<std::string>());
  CHECK(base["exit_code"] == 0);  // SIGINT is the normal end; nothing failed
  const auto report = nlohmann::json::parse(base["stdout"].get<std::string>());

  // What was sent, request by request (HEAD / is skipped: the proxy variables are set, docs/clients.md).
  const auto* reqs = find_check(report, "capture.requests");
  REQUIRE(reqs);
  std::vector<nlohmann::json> posts;
  for (const auto& q : (*reqs)["evidence"]["requests"])
    if (q["method"] == "POST") posts.push_back(q);
  REQUIRE(posts.size() == 2);  // the first call and one retry (CLAUDE_CODE_MAX_RETRIES=1)
  CHECK(posts[0]["auth_scheme"] == "both");
  CHECK(posts[1]["auth_scheme"] == "bearer");
  for (const auto& q : posts) {
    CHECK(q["path"] == "/v1/messages?beta=true");
    CHECK(q["anthropic_version"] == "2023-06-01");
    CHECK(q["stream"] == true);
    CHECK(q["answer"]["status"] == 401);
  }
  const auto fp = out["fingerprints"];
  REQUIRE(posts[0]["credentials"].size() == 2);
  for (const auto& k : posts[0]["credentials"]) {
    if (k["header"] == "x-api-key") {
      CHECK(k["fingerprint"] == fp["helper_output"]);
      CHECK(k["class"] == "current_placeholder");
    } else {
      CHECK(k["scheme"] == "Bearer");
      CHECK(k["fingerprint"] == fp["auth_token"]);
      CHECK(k["class"] == "other");
    }
  }

  // H2: decided from what was sent, naming it and the sidecar's stripping.
  nlohmann::json h2;
  for (const auto& h : report["hypotheses"])
    if (h["id"] == "H2") h2 = h;
  REQUIRE(h2.is_object());
  CHECK(h2["verdict"] == "refuted");
  const std::string reason = h2["summary"];
  CHECK(reason.find("x-api-key (current placeholder) + Authorization: Bearer (other)") != std::string::npos);
  CHECK(reason.find("both, bearer") != std::string::npos);
  CHECK(reason.find("strips both x-api-key and Authorization") != std::string::npos);

  // Canary: no credential value in the JSON report nor in the text rendering of it.
  const std::string token = "test-auth-token-0001";
  const std::string helper_out = "sk-ant-placeholder-key-for-credential-isolation";
  const std::string json_text = base["stdout"];
  CHECK(json_text.find(token) == std::string::npos);
  CHECK(json_text.find(helper_out) == std::string::npos);
  const std::string saved = d.write("capture.json", json_text);
  auto text = awf::test::run_awf_diag({"report", saved, "-o", "text"});
  CHECK(text.out.find(token) == std::string::npos);
  CHECK(text.out.find(helper_out) == std::string::npos);
  CHECK(text.exit_code == 0);
  CHECK(text.out.find("PASS") != std::string::npos);
  CHECK(base["stderr"].get<std::string>().find(token) == std::string::npos);
}

namespace {

// The real client through `capture --forward` to the lab's api-proxy double (tests/lab/lab.py with
// `fault`, started by realclient.py inside the client's network namespace).
nlohmann::json forward_run(const std::string& fault, awf::test::TempDir& d) {
  return awf::test::run_realclient(
      d,
      {"--lab", fault, "--base-cmd",
       std::string(AWF_DIAG_BIN) + " capture --listen 127.0.0.1:{port} --forward {forward} --shutdown-grace 2 -o json"},
      std::chrono::seconds(240));
}

nlohmann::json hypothesis(const nlohmann::json& report, const std::string& id) {
  for (const auto& h : report["hypotheses"])
    if (h["id"] == id) return h;
  return nullptr;
}

}  // namespace

TEST_CASE("capture --forward: real Claude Code 2.1.88 through capture to the lab's api-proxy double",
          "[capture][realclient]") {
  if (std::string why = awf::test::realclient_not_installed_reason(); !why.empty()) {
    WARN("skipped: " << why);
    return;
  }
  struct Row {
    std::string fault;
    std::string h3;          // H3's verdict from the relayed stream
    std::string stream_fault;  // capture.stream's fault ("" = passes)
  };
  // A clean stream, then two different manglings (a hop drops `event:` lines, R20; the provider's
  // stream ends in `event: error` after 200).
  for (const Row& row : {Row{"none", "refuted", ""}, Row{"sse-data-only", "supported", "proxy-stream-event-lines-dropped"},
                         Row{"sse-midstream-error", "supported", "upstream-stream-error"}}) {
    INFO("lab fault " << row.fault);
    awf::test::TempDir d;
    const auto out = forward_run(row.fault, d);
    const auto& base = out["base_cmd"];
    INFO("capture stderr: " << base["stderr"].get<std::string>());
    const auto report = nlohmann::json::parse(base["stdout"].get<std::string>());

    // What the client really sent, and that every answer was relayed and attributed.
    const auto* reqs = find_check(report, "capture.requests");
    REQUIRE(reqs);
    std::vector<nlohmann::json> posts;
    for (const auto& q : (*reqs)["evidence"]["requests"])
      if (q["method"] == "POST") posts.push_back(q);
    REQUIRE(!posts.empty());
    CHECK(posts[0]["auth_scheme"] == "both");
    CHECK(posts[0]["path"] == "/v1/messages?beta=true");
    CHECK(posts[0]["stream"] == true);
    for (const auto& q : posts) {
      CHECK(q["answer"]["mode"] == "forward");
      CHECK(q["answer"]["status"] == 200);
      CHECK(q["answer"]["answered_by"] == "anthropic");  // the lab upstream's request-id came through
    }
    if (row.fault == "sse-data-only") CHECK(posts.size() == 2);  // domain.md §7: a second, non-streaming request
    const auto* answers = find_check(report, "capture.answers");
    REQUIRE(answers);
    CHECK((*answers)["status"] == "pass");

    // H3 from the relayed stream.
    const auto* stream = find_check(report, "capture.stream");
    REQUIRE(stream);
    if (row.stream_fault.empty()) {
      CHECK((*stream)["status"] == "pass");
      CHECK(base["exit_code"] == 0);
    } else {
      CHECK((*stream)["status"] == "fail");
      CHECK((*stream)["evidence"]["fault"] == row.stream_fault);
      CHECK(base["exit_code"] == 1);
    }
    const auto h3 = hypothesis(report, "H3");
    REQUIRE(h3.is_object());
    CHECK(h3["verdict"] == row.h3);
    CHECK(hypothesis(report, "H2")["verdict"] == "refuted");

    // Canary: neither the token nor the helper's output is printed.
    const std::string json_text = base["stdout"];
    CHECK(json_text.find("test-auth-token-0001") == std::string::npos);
    CHECK(json_text.find("sk-ant-placeholder-key-for-credential-isolation") == std::string::npos);
    CHECK(json_text.find("test-real-anthropic-key-0001") == std::string::npos);
  }
}

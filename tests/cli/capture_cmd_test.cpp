// `awf-diag capture` end to end, the canary matrix for what an agent sends (issue 10 point 2): real-key-
// shaped fakes sent raw in x-api-key, inside `Authorization: Basic` (base64 of user:password, RFC 7617)
// and URL-encoded in a query parameter. capture must fail with env-agent-sent-real-credential and no
// output (text, json, the re-rendered report, stderr) may contain any form of any of them.
#include <catch.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <future>
#include <thread>

#include <nlohmann/json.hpp>

#include "core/redact.hpp"
#include "support/raw_http.hpp"
#include "support/test_support.hpp"

using awf::test::free_port;
using awf::test::run_awf_diag;
using awf::test::send_request;

namespace {

// Obvious fakes in the shapes the provider rows call real (`sk-ant-`, `gho_`), with '+', '/', '=' so the
// URL-encoded forms differ from the raw ones.
const std::string kKey = "sk-ant-api03-test+fake/canary=0001";
const std::string kBasicPass = "sk-ant-api03-test+fake/canary=0002";
const std::string kQueryKey = "gho_test0fake0canary/token+0003";

std::vector<std::string> forms() {
  std::vector<std::string> out;
  for (const std::string& v : {kKey, kBasicPass, kQueryKey})
    for (const std::string& f : {v, awf::url_encode(v), awf::url_encode(v, true), awf::base64(v),
                                 awf::base64("agent:" + v)})
      out.push_back(f);
  return out;
}


std::string post(const std::string& target, const std::string& auth_line) {
  const std::string body = R"({"model":"claude-sonnet-4-6","max_tokens":1,"messages":[]})";
  return "POST " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + auth_line +
         "anthropic-version: 2023-06-01\r\ncontent-type: application/json\r\nContent-Length: " +
         std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
}

awf::test::CmdResult capture_three(const std::string& format) {
  const int port = free_port();
  auto run = std::async(std::launch::async, [&] {
    return run_awf_diag({"capture", "--listen", "127.0.0.1:" + std::to_string(port), "--count", "3", "--duration",
                         "60", "-o", format});
  });
  CHECK(send_request(port, post("/v1/messages?beta=true", "x-api-key: " + kKey + "\r\n")).rfind("HTTP/1.1 401", 0) == 0);
  send_request(port, post("/v1/messages?beta=true", "Authorization: Basic " + awf::base64("agent:" + kBasicPass) + "\r\n"));
  send_request(port, post("/v1/messages?beta=true&key=" + awf::url_encode(kQueryKey), ""));
  return run.get();
}

void no_canary(const std::string& where, const std::string& text) {
  for (const auto& f : forms()) {
    INFO(where << " must not contain " << f.size() << " bytes of a canary form");
    CHECK(text.find(f) == std::string::npos);
  }
}

}  // namespace

TEST_CASE("capture: real credentials sent raw, in Basic and URL-encoded fail by name and are never printed",
          "[capture][secrets][cli]") {
  auto js = capture_three("json");
  INFO(js.err);
  CHECK(js.exit_code == 1);
  no_canary("json stdout", js.out);
  no_canary("stderr", js.err);
  const auto report = nlohmann::json::parse(js.out);
  nlohmann::json auth;
  for (const auto& c : report["checks"])
    if (c["id"] == "capture.auth") auth = c;
  REQUIRE(auth.is_object());
  CHECK(auth["status"] == "fail");
  CHECK(auth["evidence"]["fault"] == "env-agent-sent-real-credential");
  const std::string leaks = auth["evidence"]["real_credentials"].dump();
  CHECK(leaks.find("x-api-key on request 1") != std::string::npos);
  CHECK(leaks.find("authorization Basic password on request 2") != std::string::npos);
  CHECK(leaks.find("query:key on request 3") != std::string::npos);
  CHECK(leaks.find(awf::fingerprint(kQueryKey)) != std::string::npos);

  awf::test::TempDir d;
  auto rendered = run_awf_diag({"report", d.write("capture.json", js.out), "-o", "text"});
  no_canary("re-rendered text", rendered.out);
  CHECK(rendered.out.find("env-agent-sent-real-credential") != std::string::npos);

  auto text = capture_three("text");
  CHECK(text.exit_code == 1);
  no_canary("text stdout", text.out);
  no_canary("text stderr", text.err);
}

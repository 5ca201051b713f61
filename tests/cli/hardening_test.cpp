// Findings of a user test, kept fixed: wrong things at the base URL, hostile inputs, flag
// validation, URL credentials, re-rendering a hand-edited report.
#include <catch.hpp>

#include <sys/stat.h>

#include <algorithm>

#include <nlohmann/json.hpp>

#include "support/hostile_server.hpp"
#include "support/lab.hpp"
#include "core/subprocess.hpp"
#include "support/test_support.hpp"

using awf::test::HostileServer;
using awf::test::run_awf_diag;
using awf::test::TempDir;
using nlohmann::json;

namespace {

const json& find_check(const json& doc, const std::string& id) {
  for (const auto& c : doc["checks"])
    if (c["id"] == id) return c;
  FAIL("no check " << id);
  throw std::logic_error("unreachable");
}

}  // namespace

TEST_CASE("an arbitrary HTTP server at the base URL fails the chain, it does not pass it", "[cli][hostile]") {
  HostileServer srv("ok");
  TempDir t;
  std::string env = t.write("agent.env", "ANTHROPIC_BASE_URL=" + srv.url("") + "\nAWF_CHROOT_ENABLED=true\n");
  auto r = run_awf_diag({"probe", "proxy", "--env-file", env, "--home", t.path(), "--squid", "http://127.0.0.1:9",
                         "--upstream", "https://127.0.0.1:9", "-o", "json", "--timeout", "10"});
  INFO(r.out << r.err);
  CHECK(r.exit_code == 1);
  json doc = json::parse(r.out);
  const json& fwd = find_check(doc, "proxy.forward");
  CHECK(fwd["status"] == "fail");
  CHECK(fwd["evidence"]["fault"] == "proxy-unrecognised-answer");
}

TEST_CASE("a server whose headers never finish fails proxy.health on its own 5 s limit", "[cli][hostile]") {
  HostileServer srv("slow-headers");
  auto r = run_awf_diag({"probe", "proxy", "--base-url", srv.url(""), "--squid", "http://127.0.0.1:9", "--upstream",
                         "https://127.0.0.1:9", "-o", "json", "--timeout", "12"},
                        {}, 40);
  INFO(r.out << r.err);
  CHECK(r.exit_code == 1);
  json doc = json::parse(r.out);
  CHECK(find_check(doc, "proxy.health")["status"] == "fail");
  CHECK(find_check(doc, "proxy.health")["summary"].get<std::string>().find("timeout") != std::string::npos);
}

TEST_CASE("a password in a proxy or base URL never appears in any output", "[cli][secrets]") {
  TempDir t;
  std::string env = t.write("agent.env",
                            "ANTHROPIC_BASE_URL=http://user:test-real-anthropic-key-0001@127.0.0.1:9/v1\n"
                            "HTTPS_PROXY=http://proxyuser:hunter2secretpw@127.0.0.1:9\n");
  for (const char* fmt : {"text", "json"}) {
    auto r = run_awf_diag({"check-chain", "--env-file", env, "--home", t.path(), "--upstream", "https://127.0.0.1:9",
                           "--timeout", "10", "-o", fmt});
    INFO(r.out << r.err);
    CHECK(r.exit_code == 1);
    for (const char* secret : {"test-real-anthropic-key-0001", "hunter2secretpw"}) {
      CHECK(r.out.find(secret) == std::string::npos);
      CHECK(r.err.find(secret) == std::string::npos);
    }
  }
}

TEST_CASE("flag values that make the run meaningless are usage errors", "[cli][usage]") {
  for (std::vector<std::string> bad : {std::vector<std::string>{"--timeout", "nan"},
                                       {"--timeout", "9.3e9"},
                                       {"--timeout", "0"},
                                       {"--base-url", "ftp://127.0.0.1/"},
                                       {"--base-url", "http://127.0.0.1:99999"},
                                       {"--squid", "socks5://127.0.0.1:1080"},
                                       {"--upstream", "http://127.0.0.1:9"},
                                       {"--cacert", "/nonexistent/ca.pem"},
                                       {"--cacert", "/tmp"},
                                       {"--home", "/nonexistent/home"},
                                       {"--stream-tokens", "0x10"},
                                       {"--stream-tokens", "0"},
                                       {"--model=", "-o", "json"},
                                       {"--model", "--no-spend"}}) {
    std::vector<std::string> args{"check-chain"};
    args.insert(args.end(), bad.begin(), bad.end());
    auto r = run_awf_diag(args);
    INFO(bad[0] << " " << bad[1] << ": " << r.err);
    CHECK(r.exit_code == 2);
    CHECK(r.out.empty());
    CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
    // An empty value after '=' is reported as empty, never as the next argument (new-user 13 F11).
    if (bad[0].back() == '=') CHECK(r.err.find("the value is empty") != std::string::npos);
  }
  for (const std::vector<std::string>& empty : {std::vector<std::string>{"--model=", "-o", "json"},
                                                std::vector<std::string>{"--base-url=", "--no-spend"}}) {
    std::vector<std::string> args{"check-chain"};
    args.insert(args.end(), empty.begin(), empty.end());
    auto r = run_awf_diag(args);
    INFO(r.err);
    CHECK(r.exit_code == 2);
    CHECK(r.err.find(empty[0].substr(0, empty[0].size() - 1) + ": the value is empty") != std::string::npos);
    CHECK(r.err.find("got '-") == std::string::npos);
  }
}

TEST_CASE("a --cacert with no PEM certificate is a usage error, not a squid.tls failure", "[cli][usage]") {
  TempDir t;
  const std::string not_pem = t.write("ca.pem", "KEY=VALUE\nnot a certificate\n");
  const std::string empty = t.write("empty.pem", "");
  for (const std::string& ca : {not_pem, empty}) {
    auto r = run_awf_diag({"probe", "squid", "--base-url", "http://127.0.0.1:9", "--squid", "http://127.0.0.1:9",
                           "--upstream", "https://127.0.0.1:9", "--cacert", ca, "--timeout", "5"});
    INFO(r.err);
    CHECK(r.exit_code == 2);
    CHECK(r.out.empty());
    CHECK(r.err.find("holds no PEM certificate") != std::string::npos);
  }
}

TEST_CASE("a --cacert whose certificate block does not decode is a usage error too", "[cli][usage]") {
  TempDir t;
  const std::string bad_b64 =
      t.write("bad.pem", "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----\n");
  const std::string junk = t.write("junk.pem", "-----BEGIN CERTIFICATE-----\n" + std::string(64, 'A') + "\n" +
                                                   std::string(64, '/') + "\n-----END CERTIFICATE-----\n");
  for (const std::string& ca : {bad_b64, junk}) {
    auto r = run_awf_diag({"probe", "squid", "--base-url", "http://127.0.0.1:9", "--squid", "http://127.0.0.1:9",
                           "--upstream", "https://127.0.0.1:9", "--cacert", ca, "--timeout", "5"});
    INFO(r.err);
    CHECK(r.exit_code == 2);
    CHECK(r.out.empty());
    CHECK(r.err.find("no certificate in it decodes") != std::string::npos);
  }
}

TEST_CASE("an env file that is a directory or a FIFO is a usage error: exit 2, no probe runs", "[cli][badinput]") {
  TempDir t;
  std::string fifo = t.path() + "/agent.env";
  REQUIRE(mkfifo(fifo.c_str(), 0600) == 0);
  for (const std::string& path : {t.path(), fifo}) {
    auto r = run_awf_diag({"check-chain", "--env-file", path, "--timeout", "5"}, {}, 20);
    INFO(r.err);
    CHECK(r.exit_code == 2);
    CHECK(r.out.empty());
    CHECK(r.err.find(path) != std::string::npos);
  }
}

TEST_CASE("report re-derives the verdict from the checks and refuses non-files", "[cli][report]") {
  TempDir t;
  std::string env = t.write("agent.env", "ANTHROPIC_BASE_URL=http://127.0.0.1:9\n");
  auto r = run_awf_diag({"check-chain", "--env-file", env, "--home", t.path(), "--squid", "http://127.0.0.1:9",
                         "--upstream", "https://127.0.0.1:9", "--timeout", "10", "-o", "json"});
  REQUIRE(r.exit_code == 1);
  json doc = json::parse(r.out);
  doc["exit_code"] = 0;
  doc["summary"]["verdict"] = "PASS";
  std::string edited = t.write("edited.json", doc.dump());
  auto again = run_awf_diag({"report", edited, "-o", "json"});
  CHECK(again.exit_code == 1);
  CHECK(json::parse(again.out)["summary"]["verdict"] == "FAIL");
  auto dir = run_awf_diag({"report", t.path()});
  CHECK(dir.exit_code == 3);
  CHECK(dir.err.find("is a directory") != std::string::npos);
  std::string leaky = t.write("leaky.json", "{\"x\": \"test-real-anthropic-key-0001");
  auto bad = run_awf_diag({"report", leaky});
  CHECK(bad.exit_code == 3);
  CHECK(bad.err.find("test-real-anthropic-key-0001") == std::string::npos);
}

TEST_CASE("a report that cannot be written is not silently lost", "[cli][badinput]") {
  // /dev/full accepts the open and fails every write with ENOSPC.
  TempDir t;
  std::string env = t.write("empty.env", "X=1\n");
  auto r = run_awf_diag({"probe", "env", "--env-file", env, "--home", "/tmp", "-o", "json"});
  REQUIRE(r.exit_code == 0);
  awf::SubprocessOptions o;
  o.timeout = std::chrono::seconds(20);
  o.envp = {"PATH=/usr/bin:/bin"};
  auto w = awf::run_shell(std::string(AWF_DIAG_BIN) + " probe env --env-file " + env + " --home /tmp > /dev/full", o);
  CHECK(w.exit_code == 3);
  CHECK(w.err.find("could not write the report") != std::string::npos);
}

TEST_CASE("a wait cut short by the run deadline is an error (exit 3), never blamed on a hop", "[cli][hostile]") {
  HostileServer srv("slow-headers");
  auto r = run_awf_diag({"probe", "proxy", "--base-url", srv.url(""), "--squid", "http://127.0.0.1:9", "--upstream",
                         "https://127.0.0.1:9", "-o", "json", "--timeout", "1.5"},
                        {}, 30);
  INFO(r.out << r.err);
  CHECK(r.exit_code == 3);
  json doc = json::parse(r.out);
  CHECK(find_check(doc, "proxy.health")["status"] == "error");
  CHECK(find_check(doc, "proxy.health")["summary"].get<std::string>().find("run deadline") != std::string::npos);
  CHECK(doc["summary"]["failed_link"] == "none");
}

TEST_CASE("fail-on warn: process exit code, JSON exit_code and a re-render agree", "[cli][usage]") {
  TempDir t;
  // NO_PROXY and no_proxy disagree: env.no_proxy warns, nothing fails (probe env runs no network check).
  std::string env = t.write("agent.env",
                            "ANTHROPIC_BASE_URL=http://127.0.0.1:9\nHTTPS_PROXY=http://127.0.0.1:8\n"
                            "NO_PROXY=127.0.0.1\nno_proxy=localhost\n");
  auto r = run_awf_diag({"probe", "env", "--env-file", env, "--home", t.path(), "-o", "json", "--fail-on", "warn"});
  INFO(r.out << r.err);
  REQUIRE(json::parse(r.out)["summary"]["verdict"] == "WARN");
  CHECK(r.exit_code == 1);
  CHECK(json::parse(r.out)["exit_code"] == 1);
  std::string saved = t.write("report.json", r.out);
  CHECK(run_awf_diag({"report", saved}).exit_code == 1);
  auto plain = run_awf_diag({"probe", "env", "--env-file", env, "--home", t.path(), "-o", "json"});
  CHECK(plain.exit_code == 0);
}

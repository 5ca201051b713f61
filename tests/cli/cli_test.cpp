// The CLI without the lab: usage errors, the secrets canary, unreadable inputs.
#include <catch.hpp>

#include <algorithm>

#include <nlohmann/json.hpp>

#include "support/test_support.hpp"

using awf::test::run_awf_diag;
using awf::test::TempDir;
using nlohmann::json;

namespace {
// A closed loopback port: nothing listens, nothing leaves the machine.
const std::vector<std::string> kOffline = {"--base-url", "http://127.0.0.1:9", "--squid", "http://127.0.0.1:9",
                                           "--upstream", "https://127.0.0.1:9", "--timeout", "10"};

std::vector<std::string> args(std::vector<std::string> a, const std::vector<std::string>& more) {
  a.insert(a.end(), more.begin(), more.end());
  return a;
}
}  // namespace

TEST_CASE("an unknown flag exits 2 with a one-line message", "[cli]") {
  auto r = run_awf_diag({"check-chain", "--no-such-flag"});
  CHECK(r.exit_code == 2);
  CHECK(r.out.empty());
  CHECK(r.err.find("--no-such-flag") != std::string::npos);
  CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
  CHECK(run_awf_diag({}).exit_code == 2);
  CHECK(run_awf_diag({"probe", "nonsense"}).exit_code == 2);
  auto bogus = run_awf_diag({"bogus"});
  CHECK(bogus.exit_code == 2);
  CHECK(bogus.err.find("unknown command 'bogus'") != std::string::npos);
  CHECK(run_awf_diag({"check-chain", "--timeout", "-1"}).exit_code == 2);
}

TEST_CASE("no command exits 2 and names every command", "[cli]") {
  auto r = run_awf_diag({});
  CHECK(r.exit_code == 2);
  CHECK(r.out.empty());
  for (const char* cmd : {"check-chain", "probe", "report", "analyze", "capture"})
    CHECK(r.err.find(cmd) != std::string::npos);
}

TEST_CASE("help prints the exit code table and exits 0", "[cli]") {
  auto r = run_awf_diag({"--help"});
  CHECK(r.exit_code == 0);
  for (const char* s : {"check-chain", "probe", "Exit codes", "could not diagnose"}) CHECK(r.out.find(s) != std::string::npos);
  auto p = run_awf_diag({"probe", "--help"});
  CHECK(p.exit_code == 0);
  CHECK(p.out.find("--env-file") != std::string::npos);
}

TEST_CASE("canary: ANTHROPIC_API_KEY in the judged env fails env.api_key and never appears", "[cli][secrets]") {
  TempDir t;
  std::string env = t.write("agent.env",
                            "ANTHROPIC_BASE_URL=http://127.0.0.1:9\nANTHROPIC_API_KEY=test-real-anthropic-key-0001\n"
                            "ANTHROPIC_AUTH_TOKEN=sk-ant-placeholder-key-for-credential-isolation\n"
                            "AWF_CHROOT_ENABLED=true\n");  // an awf agent: the key in it is a fault (docs/topology.md)
  for (const char* fmt : {"text", "json"}) {
    auto r = run_awf_diag(args({"check-chain", "--env-file", env, "--home", t.path(), "-o", fmt}, kOffline));
    CHECK(r.exit_code == 1);
    CHECK(r.out.find("test-real-anthropic-key-0001") == std::string::npos);
    CHECK(r.err.find("test-real-anthropic-key-0001") == std::string::npos);
    CHECK(r.out.find("test-rea") == std::string::npos);
    if (std::string(fmt) == "json") {
      json doc = json::parse(r.out);
      for (const auto& c : doc["checks"])
        if (c["id"] == "env.api_key") CHECK(c["status"] == "fail");
    }
  }
  // The same key in this process's environment (not judged) is redacted too.
  auto r = run_awf_diag(args({"probe", "env", "--env-file", env, "-o", "json"}, kOffline),
                        {"ANTHROPIC_API_KEY=test-real-anthropic-key-0001"});
  CHECK(r.out.find("test-real-anthropic-key-0001") == std::string::npos);
}

TEST_CASE("invalid settings JSON is an error with file and line:column — exit 3", "[cli][badinput]") {
  TempDir t;
  t.write(".claude/settings.json", "{\n  \"apiKeyHelper\": \"/x\",\n  oops\n}\n");
  std::string env = t.write("agent.env", "HOME=" + t.path() + "\n");
  auto r = run_awf_diag({"probe", "helper", "--env-file", env, "--home", t.path(), "-o", "json"});
  INFO(r.out << r.err);
  CHECK(r.exit_code == 3);
  json doc = json::parse(r.out);
  CHECK(doc["summary"]["verdict"] == "ERROR");
  const auto& c = doc["checks"][0];
  CHECK(c["id"] == "helper.config");
  CHECK(c["status"] == "error");
  std::string s = c["summary"].get<std::string>();
  CHECK(s.find("settings.json") != std::string::npos);
  CHECK(s.find("line 3") != std::string::npos);
}

TEST_CASE("a settings path that is a directory is an error naming it — exit 3", "[cli][badinput]") {
  TempDir t;
  t.write(".claude.json/placeholder", "");
  t.write(".claude/settings.json/placeholder", "");
  std::string env = t.write("agent.env", "HOME=" + t.path() + "\n");
  auto r = run_awf_diag({"probe", "helper", "--env-file", env, "--home", t.path(), "-o", "json"});
  INFO(r.out << r.err);
  CHECK(r.exit_code == 3);
  json doc = json::parse(r.out);
  CHECK(doc["summary"]["verdict"] == "ERROR");
  CHECK(doc["checks"][0]["status"] == "error");
  CHECK(doc["checks"][0]["summary"].get<std::string>().find("settings.json") != std::string::npos);
}

TEST_CASE("an unreadable env file is a usage error (exit 2) naming the flag", "[cli][badinput]") {
  // decisions §1: a file named by a flag that is missing or from which nothing parses is exit 2.
  auto r = run_awf_diag({"check-chain", "--env-file", "/nonexistent/agent.env"});
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("--env-file") != std::string::npos);
  CHECK(r.err.find("/nonexistent/agent.env") != std::string::npos);
  TempDir t;
  std::string bad = t.write("bad.env", "this is not an env file\n");
  CHECK(run_awf_diag({"check-chain", "--env-file", bad}).exit_code == 2);
}

TEST_CASE("a saved JSON report re-renders — a broken one exits 3", "[cli][report]") {
  TempDir t;
  std::string env = t.write("agent.env", "ANTHROPIC_BASE_URL=http://127.0.0.1:9\n");
  auto r = run_awf_diag(args({"check-chain", "--env-file", env, "--home", t.path(), "-o", "json"}, kOffline));
  std::string saved = t.write("report.json", r.out);
  auto again = run_awf_diag({"report", saved, "-o", "json"});
  CHECK(again.exit_code == r.exit_code);
  CHECK(json::parse(again.out) == json::parse(r.out));
  auto text = run_awf_diag({"report", saved});
  CHECK(text.exit_code == r.exit_code);
  CHECK(text.out.find("proxy.tcp") != std::string::npos);
  std::string broken = t.write("broken.json", "{\"schema_version\": 1, \"checks\": [");
  CHECK(run_awf_diag({"report", broken}).exit_code == 3);
}

TEST_CASE("a --stream-watchdog-ms outside 1..3600000 is a usage error naming the flag", "[cli]") {
  for (const char* v : {"0", "3600001", "abc"}) {
    INFO(v);
    auto r = run_awf_diag(args({"check-chain", "--stream-watchdog-ms", v}, kOffline));
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("--stream-watchdog-ms") != std::string::npos);
  }
}

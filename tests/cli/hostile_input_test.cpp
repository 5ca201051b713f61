// Issue 8 (hostile input): each numbered item of the break-in test, asserted on the binary.
#include <catch.hpp>

#include <sys/stat.h>

#include <string>

#include <nlohmann/json.hpp>

#include "core/subprocess.hpp"
#include "support/hostile_server.hpp"
#include "support/lab.hpp"
#include "support/test_support.hpp"

using awf::test::CmdResult;
using awf::test::HostileServer;
using awf::test::Lab;
using awf::test::run_awf_diag;
using awf::test::TempDir;
using nlohmann::json;
using namespace std::string_literals;

namespace {

const std::vector<std::string> kDeadHops = {"--squid", "http://127.0.0.1:9", "--upstream", "https://127.0.0.1:9"};

std::vector<std::string> with(std::vector<std::string> a, const std::vector<std::string>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

const json& find_check(const json& doc, const std::string& id) {
  for (const auto& c : doc["checks"])
    if (c["id"] == id) return c;
  FAIL("no check " << id);
  throw std::logic_error("unreachable");
}

std::string settings_home(const TempDir& t, const std::string& helper) {
  t.write("home/.claude/settings.json", json{{"apiKeyHelper", helper}}.dump());
  return t.path() + "/home";
}

CmdResult probe_helper(const TempDir& t, const std::string& home) {
  std::string env = t.write("agent.env", "ANTHROPIC_BASE_URL=http://127.0.0.1:9\nAWF_CHROOT_ENABLED=true\n");
  return run_awf_diag(with({"probe", "helper", "--env-file", env, "--home", home, "--base-url", "http://127.0.0.1:9",
                            "-o", "json", "--timeout", "20"},
                           kDeadHops));
}

}  // namespace

TEST_CASE("item 1: a 503 /health nested 60,000 deep is a finding, not a crash", "[cli][hostile][item1]") {
  HostileServer srv("deep-json");
  auto r = run_awf_diag(with({"probe", "proxy", "--base-url", srv.url(""), "-o", "json", "--timeout", "10"}, kDeadHops));
  INFO(r.err);
  CHECK(r.exit_code == 1);
  json doc = json::parse(r.out);
  const json& health = find_check(doc, "proxy.health");
  CHECK(health["status"] == "fail");
  CHECK(health["summary"].get<std::string>().find("JSON nested deeper than 64 levels") != std::string::npos);
  CHECK(health["evidence"]["body_json_error"] == "JSON nested deeper than 64 levels");
}

TEST_CASE("item 1: report on a saved report nested too deep exits 3 with the limit named", "[cli][hostile][item1]") {
  TempDir t;
  std::string env = t.write("agent.env", "ANTHROPIC_BASE_URL=http://127.0.0.1:9\n");
  auto r = run_awf_diag({"probe", "env", "--env-file", env, "--home", t.path(), "-o", "json"});
  REQUIRE(!r.out.empty());
  std::string text = r.out;
  auto at = text.find("\"evidence\": {");
  REQUIRE(at != std::string::npos);
  text.insert(at + 13, "\"deep\": " + std::string(60000, '[') + std::string(60000, ']') + ",");
  auto bad = run_awf_diag({"report", t.write("deep.json", text)});
  CHECK(bad.exit_code == 3);
  CHECK(bad.err.find("JSON nested deeper than 64 levels") != std::string::npos);
}

TEST_CASE("item 2: a NUL-separated environment file is read entry by entry", "[cli][hostile][item2]") {
  TempDir t;
  std::string nul = "AWF_CHROOT_ENABLED=true\0ANTHROPIC_BASE_URL=http://127.0.0.1:9\0ANTHROPIC_API_KEY=sk-ant-api03-"
                    "test-canary-0002\nwith-newline\0"s;
  std::string env = t.write("environ", nul);
  auto r = run_awf_diag({"probe", "env", "--env-file", env, "--home", t.path(), "-o", "json"});
  INFO(r.out << r.err);
  CHECK(r.exit_code == 1);
  const json doc = json::parse(r.out);
  CHECK(find_check(doc, "env.api_key")["status"] == "fail");
  CHECK(r.out.find("test-canary-0002") == std::string::npos);
  // Nothing parses: a usage error naming the flag, never a PASS.
  auto junk = run_awf_diag({"probe", "env", "--env-file", t.write("junk", "garbage\0more\0"s),
                            "--home", t.path()});
  CHECK(junk.exit_code == 2);
  CHECK(junk.err.find("--env-file") != std::string::npos);
  auto empty = run_awf_diag({"probe", "env", "--env-file", t.write("empty.env", "# nothing\n"), "--home", t.path()});
  CHECK(empty.exit_code == 2);
}

TEST_CASE("item 3: the tool's own NO_PROXY never routes a Squid probe around Squid", "[cli][lab][item3]") {
  Lab lab;
  for (const char* np : {"*", "api.anthropic.com", ".anthropic.com,127.0.0.1,localhost"}) {
    auto r = run_awf_diag(with({"check-chain", "-o", "json"}, lab.chain_flags()),
                          {std::string("NO_PROXY=") + np, std::string("no_proxy=") + np});
    INFO(np << ": " << r.err);
    json doc = json::parse(r.out);
    CHECK(find_check(doc, "squid.connect")["status"] == "pass");
    CHECK(find_check(doc, "squid.tls")["status"] == "pass");
    CHECK(r.exit_code == 0);
  }
}

TEST_CASE("item 4: a secret equal to a field name or enum value masks values, never structure", "[cli][secrets][item4]") {
  TempDir t;
  for (const char* secret : {"upstream", "supported", "hypotheses", "not-applicable"}) {
    // An awf agent (its marker), so the key fails env.api_key (outside a known awf it only warns).
    std::string env = t.write("agent.env", std::string("ANTHROPIC_BASE_URL=http://127.0.0.1:9\nAWF_CHROOT_ENABLED=true\n"
                                                       "ANTHROPIC_API_KEY=") +
                                               secret + "\n");
    for (const char* fmt : {"json", "text"}) {
      auto r = run_awf_diag(with({"check-chain", "--env-file", env, "--home", t.path(), "--base-url",
                                  "http://127.0.0.1:9", "-o", fmt, "--timeout", "10"},
                                 kDeadHops));
      INFO(secret << " " << fmt << ": " << r.err);
      CHECK(r.exit_code == 1);
      CHECK(r.err.find("internal error") == std::string::npos);
      if (std::string(fmt) == "json") {
        json doc = json::parse(r.out);
        CHECK(doc["links"].contains("upstream"));
        CHECK(find_check(doc, "env.api_key")["status"] == "fail");
        CHECK(find_check(doc, "env.api_key")["summary"].get<std::string>().find(secret) == std::string::npos);
      }
    }
  }
}

TEST_CASE("item 8: an env-file line that does not parse is never echoed", "[cli][secrets][item8]") {
  TempDir t;
  std::string env = t.write("agent.env", "ANTHROPIC_BASE_URL=http://127.0.0.1:9\nBearer sk-ant-api03-test-canary-0008\n"
                                         "bad name=test-canary-value-0008\n");
  auto r = run_awf_diag({"probe", "env", "--env-file", env, "--home", t.path()});
  CHECK(r.exit_code == 2);
  CHECK(r.err.find(":2: expected KEY=VALUE") != std::string::npos);
  CHECK(r.err.find("canary") == std::string::npos);
}

TEST_CASE("item 11: report input is capped, and a closed stdout exits 3 without a signal death", "[cli][item11]") {
  TempDir t;
  std::string big = t.write("big.json", std::string(9u << 20, ' '));
  auto r = run_awf_diag({"report", big});
  CHECK(r.exit_code == 3);
  CHECK(r.err.find("more than the 8388608-byte limit") != std::string::npos);
  // A valid report whose JSON rendering exceeds a pipe buffer, piped into `head -c 10`.
  std::string env = t.write("agent.env", "ANTHROPIC_BASE_URL=http://127.0.0.1:9\n");
  auto saved = run_awf_diag({"probe", "env", "--env-file", env, "--home", t.path(), "-o", "json"});
  json doc = json::parse(saved.out);
  doc["checks"][0]["evidence"]["filler"] = std::string(1 << 20, 'x');
  std::string file = t.write("report.json", doc.dump());
  awf::SubprocessOptions o;
  o.timeout = std::chrono::seconds(30);
  o.envp = {"PATH=/usr/bin:/bin"};
  auto w = awf::run_shell("{ " + std::string(AWF_DIAG_BIN) + " report " + file + " -o json; echo \"rc=$?\" >&2; } | head -c 10 >/dev/null", o);
  INFO(w.err);
  CHECK(w.err.find("rc=3") != std::string::npos);
  CHECK(w.err.find("could not write the report") != std::string::npos);
}

TEST_CASE("item 12: one rule for flag values", "[cli][usage][item12]") {
  auto tiny = run_awf_diag({"probe", "env", "--timeout", "0.0001"});
  CHECK(tiny.exit_code == 2);
  std::string::size_type first = tiny.err.find("--timeout");
  CHECK(first != std::string::npos);
  CHECK(tiny.err.find("--timeout", first + 1) == std::string::npos);
  // A scheme-less proxy URL is read as curl reads it, from a flag as from HTTPS_PROXY.
  TempDir t;
  std::string env = t.write("agent.env", "ANTHROPIC_BASE_URL=http://127.0.0.1:9\n");
  auto squid = run_awf_diag({"probe", "squid", "--env-file", env, "--home", t.path(), "--base-url",
                             "http://127.0.0.1:9", "--squid", "127.0.0.1:9", "--upstream", "https://127.0.0.1:9", "-o",
                             "json", "--timeout", "10"});
  CHECK(squid.exit_code != 2);
  CHECK(json::parse(squid.out)["run"]["spec"]["squid_url"] == "http://127.0.0.1:9");
  // Inputs named by a flag: missing is a usage error, whichever flag.
  CHECK(run_awf_diag({"probe", "env", "--env-file", "/nonexistent/agent.env"}).exit_code == 2);
  CHECK(run_awf_diag({"probe", "env", "--cacert", "/nonexistent/ca.pem"}).exit_code == 2);
}

TEST_CASE("item 13: nothing tested is not a pass", "[cli][item13]") {
  TempDir t;
  std::string env = t.write("agent.env", "ANTHROPIC_BASE_URL=http://127.0.0.1:9\n");
  auto r = run_awf_diag(with({"probe", "helper", "--env-file", env, "--home", t.path(), "--base-url",
                              "http://127.0.0.1:9", "-o", "json"},
                             kDeadHops));
  CHECK(r.exit_code == 3);
  json doc = json::parse(r.out);
  CHECK(doc["summary"]["verdict"] == "ERROR");
  CHECK(doc["summary"]["text"].get<std::string>().rfind("ERROR: nothing was tested", 0) == 0);
}

TEST_CASE("item 13: a helper printing NUL or 0xFF bytes is not a one-line value", "[cli][item13]") {
  for (const char* out : {"printf 'sk-ant-\\000xyz'", "printf 'abc\\377def'"}) {
    TempDir t;
    auto r = probe_helper(t, settings_home(t, out));
    INFO(out << ": " << r.out << r.err);
    const json doc = json::parse(r.out);
    const json& run = find_check(doc, "helper.run");
    CHECK(run["status"] == "fail");
    CHECK(run["evidence"]["fault"] == "helper-output-binary");
  }
}

TEST_CASE("item 13: an invalid settings.json is named by env.settings_env", "[cli][item13]") {
  TempDir t;
  t.write("home/.claude/settings.json", "{\"env\": {\"A\": 1,}");
  std::string env = t.write("agent.env", "export\tANTHROPIC_BASE_URL=http://127.0.0.1:9\n");
  auto r = run_awf_diag({"probe", "env", "--env-file", env, "--home", t.path() + "/home", "-o", "json"});
  INFO(r.out << r.err);
  json doc = json::parse(r.out);
  const json& s = find_check(doc, "env.settings_env");
  CHECK(s["status"] == "error");
  CHECK(s["summary"].get<std::string>().find("not usable JSON") != std::string::npos);
  CHECK(s["summary"].get<std::string>().find("has no env block") == std::string::npos);
  CHECK(find_check(doc, "env.base_url")["evidence"]["value"] == "http://127.0.0.1:9");  // export<TAB> accepted
}

TEST_CASE("item 14: hints say what is wrong with a helper path that exists", "[cli][item14]") {
  SECTION("CRLF shebang") {
    TempDir t;
    std::string script = t.write("helper.sh", "#!/bin/sh\r\necho sk-ant-placeholder-key-for-credential-isolation\r\n", 0755);
    auto r = probe_helper(t, settings_home(t, script));
    const json doc = json::parse(r.out);
    const json& run = find_check(doc, "helper.run");
    INFO(run.dump());
    CHECK(run["summary"].get<std::string>().find("carriage return") != std::string::npos);
    CHECK(run["hint"].get<std::string>().find("sed -i") != std::string::npos);
  }
  SECTION("missing interpreter") {
    TempDir t;
    std::string script = t.write("helper.py", "#!/nonexistent/bin/python9\nprint('x')\n", 0755);
    auto r = probe_helper(t, settings_home(t, script));
    const json doc = json::parse(r.out);
    const json& run = find_check(doc, "helper.run");
    INFO(run.dump());
    CHECK(run["summary"].get<std::string>().find("interpreter /nonexistent/bin/python9") != std::string::npos);
    CHECK(run["hint"].get<std::string>().find("ls -l") == std::string::npos);
  }
  SECTION("a directory and a FIFO") {
    TempDir t;
    std::string dir = t.path() + "/helperdir";
    REQUIRE(::mkdir(dir.c_str(), 0755) == 0);
    std::string fifo = t.path() + "/helperfifo";
    REQUIRE(::mkfifo(fifo.c_str(), 0755) == 0);
    for (const auto& [path, kind] : {std::pair{dir, "is a directory, not a program"}, std::pair{fifo, "is a FIFO, not a program"}}) {
      auto r = probe_helper(t, settings_home(t, path));
      const json doc = json::parse(r.out);
    const json& run = find_check(doc, "helper.run");
      INFO(run.dump());
      CHECK(run["summary"].get<std::string>().find(kind) != std::string::npos);
      CHECK(run["hint"].get<std::string>().find("chmod") == std::string::npos);
    }
  }
}

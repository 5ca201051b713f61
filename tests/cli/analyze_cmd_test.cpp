// `awf-diag analyze` and `check-chain --squid-log …` end to end (the binary, no network beyond a
// closed loopback port): exit codes for usage errors, an empty DIR, a file that is no log; the seed's
// logs in a DIR; live and log evidence in one report.
#include <catch.hpp>

#include <filesystem>

#include <nlohmann/json.hpp>

#include "logs/case_logs.hpp"
#include "support/test_support.hpp"

using awf::test::run_awf_diag;
using awf::test::TempDir;
using nlohmann::json;

namespace {
const std::vector<std::string> kOffline = {"--base-url", "http://127.0.0.1:9", "--squid", "http://127.0.0.1:9",
                                           "--upstream", "https://127.0.0.1:9", "--timeout", "10"};

bool has_check(const json& doc, const std::string& id) {
  for (const auto& c : doc["checks"])
    if (c["id"] == id) return true;
  return false;
}
}  // namespace

TEST_CASE("analyze: flag-named files that are missing or not of their kind are usage errors (exit 2)",
          "[cli][analyze]") {
  TempDir t;
  std::string conf = t.write("squid.conf", "http_port 3128\ncache_peer proxy.corp.example.test parent 3128 0\n");
  CHECK(run_awf_diag({"analyze"}).exit_code == 2);
  auto missing = run_awf_diag({"analyze", "--squid-log", t.path() + "/nope.log"});
  CHECK(missing.exit_code == 2);
  CHECK(missing.err.find("nope.log") != std::string::npos);
  auto wrong = run_awf_diag({"analyze", "--squid-log", conf});
  CHECK(wrong.exit_code == 2);
  CHECK(wrong.err.find("squid_conf") != std::string::npos);
  CHECK(run_awf_diag({"analyze", "--agent-log", t.path()}).exit_code == 2);            // a directory
  CHECK(run_awf_diag({"analyze", t.path() + "/no-such-dir"}).exit_code == 2);
  CHECK(run_awf_diag({"check-chain", "--proxy-log", conf}).exit_code == 2);            // before any probe
}

TEST_CASE("analyze: an empty DIR and a DIR of non-logs exit 3, never green, never a crash", "[cli][analyze]") {
  TempDir t;
  auto empty = run_awf_diag({"analyze", t.path(), "-o", "json"});
  CHECK(empty.exit_code == 3);
  json doc = json::parse(empty.out);
  CHECK(doc["exit_code"] == 3);
  CHECK(doc["run"]["sources"]["missing"].size() == 6);
  t.write("notes.txt", "hello\nthis is no log at all\n");
  t.write("blob.bin", std::string("\x00\x01\x02\xff\xfe garbage", 14));
  auto junk = run_awf_diag({"analyze", t.path()});
  CHECK(junk.exit_code == 3);
  CHECK(junk.out.find("looked for, not found") != std::string::npos);
  CHECK(junk.out.find("no log this tool reads was found") != std::string::npos);
}

TEST_CASE("analyze: a log read but holding nothing to judge says so (exit 3), never 'no log found'", "[cli][analyze]") {
  TempDir t;
  // An api-proxy log with its startup line only: recognised and read, no request in it.
  std::string log = t.write("api-proxy.log",
                            "{\"timestamp\":\"2026-11-30T08:00:00.000Z\",\"level\":\"info\",\"event\":\"startup\","
                            "\"squid_proxy\":\"http://172.30.0.10:3128\",\"providers_configured\":[\"anthropic\"]}\n");
  auto r = run_awf_diag({"analyze", "--proxy-log", log});
  CHECK(r.exit_code == 3);
  CHECK(r.out.find("no log this tool reads was found") == std::string::npos);
  CHECK(r.out.find("the logs read (see Sources read)") != std::string::npos);
  CHECK(r.out.find("api_proxy_jsonl") != std::string::npos);
}

TEST_CASE("analyze DIR: the seed's logs alone name the proxy link and the injected-key cause", "[cli][analyze]") {
  TempDir t;
  std::filesystem::create_directories(t.path() + "/firewall-audit-logs/squid-logs");
  t.write("firewall-audit-logs/squid-logs/access.log", awf::test::case_field("R01", "", "setup.squid.access_log"));
  t.write("agent-stdio.log", awf::test::case_field("R01", "", "setup.agent_output.stream_json"));
  t.write("entrypoint.txt", awf::test::case_field("R01", "", "setup.agent_output.container_log"));
  auto r = run_awf_diag({"analyze", t.path(), "-o", "json"});
  CHECK(r.exit_code == 1);
  json doc = json::parse(r.out);
  CHECK(doc["summary"]["failed_link"] == "proxy");
  CHECK(doc["summary"]["leading_cause"] == "proxy-invalid-injected-header");
  CHECK(doc["run"]["command"] == "analyze");
  CHECK(doc["run"]["sources"]["read"].size() == 3);
  CHECK(r.out.find("172.30.0.20") != std::string::npos);
  // The same through the file flags, the access.log on stdin is not needed: the text report lists sources.
  auto flags = run_awf_diag({"analyze", "--squid-log", t.path() + "/firewall-audit-logs/squid-logs/access.log",
                             "--agent-log", t.path() + "/agent-stdio.log", "--entrypoint-log",
                             t.path() + "/entrypoint.txt"});
  CHECK(flags.exit_code == 1);
  CHECK(flags.out.find("Sources read:") != std::string::npos);
}

TEST_CASE("check-chain --squid-log: live and log evidence in one report", "[cli][analyze]") {
  TempDir t;
  std::string log = t.write("access.log",
                            "1795946430.012 172.30.0.30:52110 api.anthropic.com:443 -:- 1.1 CONNECT 503 "
                            "TCP_TUNNEL:HIER_NONE api.anthropic.com:443 \"-\"\n");
  std::string env = t.write("agent.env", "ANTHROPIC_BASE_URL=http://127.0.0.1:9\n");
  std::vector<std::string> a = {"check-chain", "--env-file", env, "--home", t.path(), "-o", "json", "--squid-log", log};
  a.insert(a.end(), kOffline.begin(), kOffline.end());
  auto r = run_awf_diag(a);
  CHECK(r.exit_code == 1);
  json doc = json::parse(r.out);
  CHECK(has_check(doc, "proxy.tcp"));
  CHECK(has_check(doc, "log.squid.sidecar_tunnel"));
  CHECK(doc["run"]["log_sources"]["read"].size() == 1);
}

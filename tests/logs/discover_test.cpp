#include <catch.hpp>

#include <filesystem>
#include <fstream>

#include <unistd.h>

#include "logs/case_logs.hpp"
#include "logs/correlate.hpp"
#include "logs/discover.hpp"
#include "logs/gz_util.hpp"

using namespace awf::logs;
namespace fs = std::filesystem;

namespace {

struct TempDir {
  fs::path p;
  explicit TempDir(const std::string& tag) {
    p = fs::temp_directory_path() / ("awf-disc-" + tag + "-" + std::to_string(::getpid()));
    fs::remove_all(p);
    fs::create_directories(p);
  }
  ~TempDir() { fs::remove_all(p); }
  void write(const std::string& rel, const std::string& content) {
    fs::create_directories((p / rel).parent_path());
    std::ofstream(p / rel, std::ios::binary) << content;
  }
};

const ExpectedSource& family(const Discovery& d, const std::string& name) {
  for (const auto& e : d.expected)
    if (e.family == name) return e;
  FAIL("no family " << name);
  throw 0;
}

}  // namespace

TEST_CASE("gh-aw firewall-audit-logs layout: found by content — missing sources listed", "[logs][discover][cases]") {
  TempDir t("audit");
  t.write("firewall-audit-logs/squid-logs/access.log", awf::test::case_field("R16", "", "setup.squid.access_log"));
  t.write("firewall-audit-logs/audit.jsonl", awf::test::case_field("R16", "", "setup.squid.audit_jsonl"));
  t.write("firewall-audit-logs/api-proxy-logs/token-usage.jsonl", awf::test::case_field("R16", "", "setup.api_proxy.log"));
  t.write("firewall-audit-logs/policy-manifest.json", "{\n  \"version\": 1\n}\n");
  t.write("README.md", "# notes\nnothing here\n");
  Discovery d = discover(t.p.string());
  CHECK(d.files_seen == 5);
  CHECK(d.logs.size() == 3);
  CHECK(d.not_logs == 2);
  CHECK(family(d, "squid_access").found.size() == 1);
  CHECK(family(d, "squid_audit").found.size() == 1);
  CHECK(family(d, "api_proxy").found.size() == 1);
  CHECK(family(d, "agent").found.empty());
  CHECK(family(d, "squid_cache").found.empty());
  LogFacts f;
  read_discovered(d, f);
  CHECK(f.sources.size() == 3);
  auto c = correlate(f, LogOptions{});
  CHECK(c.squid_source == "access_log");
  CHECK(c.agent.denied == 1);
}

TEST_CASE("unified agent artifact: renamed, gzip-compressed and nested logs — a misnamed file is not a log", "[logs][discover][cases]") {
  TempDir t("agent");
  t.write("sandbox/firewall/logs/squid.1.gz", awf::test::gzip_bytes(awf::test::case_field("R14", "", "setup.squid.access_log")));
  t.write("agent-stdio.log", awf::test::case_field("R14", "anthropic-path", "setup.agent_output.stream_json"));
  t.write("sandbox/firewall/logs/access.log", "this is not an access log\n");
  t.write("sandbox/firewall/logs/empty.log", "");
  Discovery d = discover(t.p.string());
  CHECK(family(d, "squid_access").found == std::vector<std::string>{(t.p / "sandbox/firewall/logs/squid.1.gz").string()});
  CHECK(family(d, "agent").found.size() == 1);
  CHECK(d.empty_files.size() == 1);
  CHECK(d.not_logs == 1);
  LogFacts f;
  read_discovered(d, f);
  bool gz = false;
  for (const auto& s : f.sources) gz = gz || s.gzip;
  CHECK(gz);
  CHECK(correlate(f, LogOptions{}).sidecar.no_upstream == 2);
}

TEST_CASE("an empty directory: nothing found, every source listed as missing", "[logs][discover]") {
  TempDir t("empty");
  Discovery d = discover(t.p.string());
  CHECK(d.files_seen == 0);
  CHECK(d.logs.empty());
  CHECK(d.expected.size() == 6);
  for (const auto& e : d.expected) CHECK(e.found.empty());
  CHECK_THROWS_WITH(discover((t.p / "missing").string()), Catch::Contains("not a directory"));
}

TEST_CASE("symlinks are not followed — the file limit is reported", "[logs][discover]") {
  TempDir t("links");
  for (int i = 0; i < 5; ++i) t.write("f" + std::to_string(i) + ".txt", "x\n");
  fs::create_directory_symlink("/", t.p / "root-link");
  Discovery d = discover(t.p.string(), /*max_files=*/3);
  CHECK(d.symlinks_skipped == 1);
  CHECK(d.files_seen == 3);
  CHECK(d.truncated);
}

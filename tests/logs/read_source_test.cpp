#include <catch.hpp>

#include <filesystem>
#include <fstream>

#include <unistd.h>

#include "logs/case_logs.hpp"
#include "logs/correlate.hpp"
#include "logs/facts_json.hpp"
#include "logs/read_source.hpp"

using namespace awf::logs;

namespace {

void accounted(const SourceSummary& s) {
  INFO(s.path);
  CHECK(s.lines_read == s.lines_used + s.lines_other + s.lines_unparsed);
  if (s.lines_unparsed > 0) CHECK(s.first_unparsed_line > 0);
  else CHECK(s.first_unparsed_line == 0);
}

const std::string kDetailed =
    "1795946401.500 172.30.0.30:38810 api.anthropic.com:443 203.0.113.10:443 1.1 CONNECT 200 TCP_TUNNEL:HIER_DIRECT api.anthropic.com:443 \"-\"";

}  // namespace

TEST_CASE("robustness: truncated lines, garbage, CRLF, 1 MB lines in an access.log are counted, never dropped", "[logs][robust]") {
  std::string text = kDetailed + "\r\n" + kDetailed.substr(0, 40) + "\n" + std::string("\x00\xff\xfe garbage\x01", 12) +
                     "\n" + std::string(1u << 20, 'q') + "\n" + kDetailed + "\n" + std::string(3u << 20, 'z') + "\n" + kDetailed;
  LogFacts f;
  const auto& s = read_text(text, "access.log", f);
  CHECK(s.format == LogFormat::squid_access_detailed);
  CHECK(s.lines_read == 7);
  CHECK(s.lines_used == 3);
  CHECK(s.lines_unparsed == 4);
  CHECK(s.first_unparsed_line == 2);
  CHECK(s.lines_truncated == 1);
  CHECK(f.access.entries() == 3);
  accounted(s);
}

TEST_CASE("robustness: a file that is no log at all is read, unknown, every line unparsed", "[logs][robust]") {
  LogFacts f;
  const auto& s = read_text("Lorem ipsum\ndolor sit amet\n", "notes.txt", f);
  CHECK(s.format == LogFormat::unknown);
  CHECK(s.lines_unparsed == 2);
  CHECK(s.first_unparsed_line == 1);
  LogFacts e;
  const auto& empty = read_text("", "empty.log", e);
  CHECK(empty.format == LogFormat::empty);
  CHECK(empty.lines_read == 0);
}

TEST_CASE("robustness: deep and huge JSON lines are refused without a crash", "[logs][robust]") {
  std::string deep = "{\"type\":\"system\",\"x\":" + std::string(100000, '[') + std::string(100000, ']') + "}";
  std::string big = "{\"type\":\"result\",\"result\":\"" + std::string(1u << 20, 'r') + "\",\"is_error\":false}";
  LogFacts f;
  const auto& s = read_text("{\"type\":\"system\",\"subtype\":\"init\"}\n" + deep + "\n" + big + "\n", "agent.log", f);
  CHECK(s.format == LogFormat::claude_stream_json);
  CHECK(s.lines_unparsed == 1);
  CHECK(s.first_unparsed_line == 2);
  CHECK(f.claude.results == 1);
  CHECK(f.claude.result_text.size() < 300);  // capped
  accounted(s);
}

TEST_CASE("read_source: a file on disk and stdin-like paths — a missing file throws naming it", "[logs][robust]") {
  auto p = std::filesystem::temp_directory_path() / ("awf-rs-" + std::to_string(::getpid()) + ".log");
  std::ofstream(p) << kDetailed << "\n";
  LogFacts f;
  const auto& s = read_source(p.string(), f);
  CHECK(s.lines_used == 1);
  CHECK(s.bytes_in == kDetailed.size() + 1);
  std::filesystem::remove(p);
  CHECK_THROWS_WITH(read_source("/nonexistent/awf/x.log", f), Catch::Contains("/nonexistent/awf/x.log"));
}

TEST_CASE("every case's logs: every line accounted for, no secret in the facts", "[logs][robust][cases]") {
  for (auto [id, variant] : std::vector<std::pair<std::string, std::string>>{
           {"R01", ""}, {"R01", "sidecar-tunnels"}, {"R01", "real-401"}, {"R01", "fixed-v0.25.6-control"}, {"R13", ""},
           {"R13", "native-log-format"}, {"R14", ""}, {"R14", "anthropic-path"}, {"R14", "native-log-format"},
           {"R16", ""}, {"R16", "legacy-audit-jsonl-only"}, {"R28", ""}, {"R28", "claude-code-lab"}}) {
    INFO(id << " " << variant);
    auto f = awf::test::case_facts(id, variant);
    for (const auto& s : f.sources) {
      accounted(s);
      if (s.path != "setup.agent_output.stderr") CHECK(s.format != LogFormat::unknown);  // R28's is prose
    }
    std::string dump = to_json(f).dump() + to_json(correlate(f, LogOptions{})).dump();
    for (const char* secret : {"test-real-anthropic-key-0001", "test-rea...0001", "test-revoked-anthropic-key-0009",
                               "test-rev...0009", "test-real-github-token-0001"})
      CHECK(dump.find(secret) == std::string::npos);
  }
}

TEST_CASE("a large plain access.log read as two parallel halves gives the same facts as one pass", "[logs][robust]") {
  auto p = std::filesystem::temp_directory_path() / ("awf-par-" + std::to_string(::getpid()) + ".log");
  {
    std::ofstream o(p, std::ios::binary);
    for (int i = 0; i < 2000; ++i) {
      o << kDetailed << (i % 3 == 0 ? "\r\n" : "\n");
      if (i % 7 == 0) o << "1795946401.004 172.30.0.20:43452 api-proxy:10001 -:- 1.1 CONNECT 403 TCP_DENIED:HIER_NONE api-proxy:10001 \"-\"\n";
      if (i == 1500) o << "garbage in the second half\n";
    }
  }
  LogFacts one, two;
  const auto& a = read_source(p.string(), one, UINT64_MAX);
  const auto& b = read_source(p.string(), two, 0);
  CHECK(a.lines_read == b.lines_read);
  CHECK(a.lines_used == b.lines_used);
  CHECK(a.lines_unparsed == 1);
  CHECK(b.first_unparsed_line == a.first_unparsed_line);
  CHECK(a.bytes_in == b.bytes_in);
  CHECK(to_json(one)["access"].dump() == to_json(two)["access"].dump());
  CHECK(to_json(correlate(one, LogOptions{})).dump() == to_json(correlate(two, LogOptions{})).dump());
  std::filesystem::remove(p);
}

TEST_CASE("facts JSON is valid UTF-8 whatever bytes the log held", "[logs][robust]") {
  LogFacts f;
  read_text("1795946401.004 172.30.0.20:43452 h\xff\xfe:10001 -:- 1.1 CONNECT 403 TCP_DENIED:HIER_NONE h\xff:1 \"-\"\n", "a", f);
  REQUIRE(f.access.rows().size() == 1);
  CHECK_NOTHROW(to_json(f).dump());
  CHECK(to_json(f)["access"]["rows"][0]["host"] == "h\xEF\xBF\xBD\xEF\xBF\xBD:10001");
}

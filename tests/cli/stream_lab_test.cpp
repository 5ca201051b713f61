// The stream probe against the loopback lab (real Squid, api-proxy and upstream doubles): H3 is
// decided by a streaming request, each stream fault on its link (decisions.md 10), --no-spend
// sends nothing billable (the upstream double's request record shows it).
#include <catch.hpp>

#include <sstream>

#include <nlohmann/json.hpp>

#include "support/lab.hpp"
#include "support/lab_run.hpp"

using awf::test::CmdResult;
using awf::test::check;
using awf::test::hypothesis;
using awf::test::Lab;
using awf::test::run_awf_diag;
using nlohmann::json;

namespace {

using Run = awf::test::LabRun;

Run diagnose(const Lab& lab, const std::vector<std::string>& extra = {}) { return awf::test::run_chain_json(lab, extra); }

std::string lower(std::string s) {
  for (auto& ch : s) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return s;
}

// One lab fault: exit 1, H3 supported naming `words`, the fault `fault` on `link`.
void require_stream_fault(const std::string& lab_fault, const std::string& words, const std::string& fault,
                          const std::string& link, const std::string& check_id) {
  Lab lab(lab_fault);
  Run r = diagnose(lab);
  INFO(r.res.out << r.res.err);
  CHECK(r.res.exit_code == 1);
  const json& h3 = hypothesis(r.doc, "H3");
  CHECK(h3["verdict"] == "supported");
  CHECK(lower(h3["summary"].get<std::string>()).find(words) != std::string::npos);
  CHECK(check(r.doc, check_id)["status"] == "fail");
  CHECK(check(r.doc, check_id)["evidence"]["fault"] == fault);
  CHECK(r.doc["links"][link] == "fail");
  CHECK(r.res.out.find("test-real-anthropic-key-0001") == std::string::npos);
}

}  // namespace

TEST_CASE("stream lab, healthy: a clean stream refutes H3 and the report says what was spent", "[lab][cli][stream]") {
  Lab lab("none");
  Run r = diagnose(lab);
  INFO(r.res.out << r.res.err);
  CHECK(r.res.exit_code == 0);
  CHECK(check(r.doc, "proxy.stream")["status"] == "pass");
  CHECK(check(r.doc, "upstream.stream")["status"] == "pass");
  const json& h3 = hypothesis(r.doc, "H3");
  CHECK(h3["verdict"] == "refuted");
  CHECK(h3["summary"].get<std::string>().find("clean stream") != std::string::npos);
  CHECK(check(r.doc, "proxy.stream")["summary"].get<std::string>().find("spent one streaming request") !=
        std::string::npos);
  CHECK(check(r.doc, "proxy.stream")["evidence"]["spent"]["requests"] == 1);
  CHECK(check(r.doc, "proxy.stream")["evidence"]["stream"]["events"].get<int>() >= 7);
}

TEST_CASE("stream lab, sse-buffered: H3 supported \"buffered\" on the proxy link", "[lab][cli][stream][R19]") {
  require_stream_fault("sse-buffered", "buffered", "proxy-stream-buffered", "proxy", "proxy.stream");
}

TEST_CASE("stream lab, sse-data-only: H3 supported \"missing event lines\"", "[lab][cli][stream]") {
  require_stream_fault("sse-data-only", "missing event lines", "proxy-stream-event-lines-dropped", "proxy",
                       "proxy.stream");
}

TEST_CASE("stream lab, sse-truncated: H3 supported \"truncated\" on the upstream link", "[lab][cli][stream]") {
  require_stream_fault("sse-truncated", "truncated", "upstream-stream-truncated", "upstream", "upstream.stream");
}

TEST_CASE("stream lab, sse-midstream-error: H3 supported \"mid-stream error\"", "[lab][cli][stream]") {
  require_stream_fault("sse-midstream-error", "mid-stream error", "upstream-stream-error", "upstream",
                       "upstream.stream");
}

TEST_CASE("stream lab, --no-spend: exit 0, H3 inconclusive, nothing with max_tokens > 0 reached the upstream",
          "[lab][cli][stream]") {
  Lab lab("none");
  Run r = diagnose(lab, {"--no-spend"});
  INFO(r.res.out << r.res.err);
  CHECK(r.res.exit_code == 0);
  const json& h3 = hypothesis(r.doc, "H3");
  CHECK(h3["verdict"] == "inconclusive");
  CHECK(h3["summary"].get<std::string>().find("--no-spend") != std::string::npos);
  CHECK(check(r.doc, "proxy.stream")["status"] == "skip");
  CHECK(check(r.doc, "proxy.stream")["evidence"]["spent"]["requests"] == 0);
  std::istringstream record(awf::test::read_file(lab.get("LAB_UPSTREAM_RECORD")));
  int requests = 0;
  std::string line;
  for (int i = 0; i < 10000 && std::getline(record, line); ++i) {
    if (line.empty()) continue;
    const json req = json::parse(line);
    ++requests;
    const json body = json::parse(req.value("body", std::string()), nullptr, false);
    INFO(line);
    CHECK_FALSE((body.is_object() && body.contains("max_tokens") && body["max_tokens"].is_number() &&
                 body["max_tokens"].get<double>() > 0));
  }
  CHECK(requests >= 1);  // the record was written: the minimal probe reached the upstream
}

TEST_CASE("stream lab, stream-options-400 (R18): the api-proxy added a parameter to the streaming request",
          "[lab][cli][stream][R18]") {
  Lab lab("stream-options-400");
  Run r = diagnose(lab);
  INFO(r.res.out << r.res.err);
  CHECK(r.res.exit_code == 1);
  CHECK(check(r.doc, "proxy.forward")["status"] == "pass");  // the non-streaming request works
  CHECK(check(r.doc, "proxy.stream")["status"] == "fail");
  CHECK(check(r.doc, "proxy.stream")["evidence"]["fault"] == "proxy-request-body-altered");
  CHECK(check(r.doc, "proxy.stream")["summary"].get<std::string>().find("stream_options") != std::string::npos);
  CHECK(r.doc["links"]["proxy"] == "fail");
  CHECK(hypothesis(r.doc, "H3")["verdict"] == "supported");
  CHECK(hypothesis(r.doc, "H1")["verdict"] == "refuted");
}

TEST_CASE("stream lab, a paced stream cut by --timeout: not judged, exit 3, H3 inconclusive, no leading cause",
          "[lab][cli][stream][F4][F5]") {
  Lab lab("none", 2.0);  // 2 s before each of 5 deltas: the stream outlives a 6 s run
  std::vector<std::string> args = {"check-chain"};
  const auto flags = lab.chain_flags();
  for (std::size_t i = 0; i < flags.size(); ++i) {
    if (flags[i] == "--timeout") {
      ++i;  // replaced below
      continue;
    }
    args.push_back(flags[i]);
  }
  for (const char* a : {"--timeout", "6", "-o", "json"}) args.emplace_back(a);
  const CmdResult res = run_awf_diag(args);
  INFO(res.out << res.err);
  const json doc = json::parse(res.out);
  CHECK(res.exit_code == 3);
  const json& relay = check(doc, "proxy.stream");
  CHECK(relay["status"] == "error");
  CHECK(relay["summary"].get<std::string>().find("still arriving when the tool stopped reading") != std::string::npos);
  CHECK(check(doc, "upstream.stream")["status"] != "fail");
  CHECK(doc["links"]["upstream"] != "fail");
  CHECK(hypothesis(doc, "H3")["verdict"] == "inconclusive");
  CHECK(doc["summary"]["leading_cause"].is_null());
  CHECK(res.out.find("test-real-anthropic-key-0001") == std::string::npos);
}

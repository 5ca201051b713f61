// capture.* checks and the hypotheses they decide (issue 10 point 3): H2 from the auth schemes the agent
// actually sent, H1 from its paths and versions, through the same rules and report as live probes.
#include <catch.hpp>

#include "capture/capture_checks.hpp"
#include "report/report.hpp"

using namespace awf;
using namespace awf::capture;

namespace {

CapturedRequest api(int index, std::string scheme, std::vector<CredentialSeen> creds,
                    std::string path = "/v1/messages?beta=true") {
  CapturedRequest c;
  c.index = index;
  c.connection = 1;
  c.outcome = "complete";
  c.method = "POST";
  c.path_query = std::move(path);
  c.auth_scheme = std::move(scheme);
  c.credentials = std::move(creds);
  c.anthropic_version = "2023-06-01";
  c.answer.status = 401;
  c.answer.mode = "401";
  return c;
}

const CredentialSeen kKey{"x-api-key", "", 47, "sha256:aaaaaaaaaaaa", "current_placeholder"};
const CredentialSeen kBearer{"authorization", "Bearer", 20, "sha256:bbbbbbbbbbbb", "other"};

const Hypothesis& hyp(const Report& r, const std::string& id) {
  for (const auto& h : r.hypotheses)
    if (h.id == id) return h;
  FAIL("no hypothesis " << id);
  return r.hypotheses.front();
}

}  // namespace

TEST_CASE("capture: token + helper as Claude Code sends them: H2 refuted, naming what was sent", "[capture]") {
  CaptureResult res;
  res.listen = "127.0.0.1:10001";
  res.stopped_by = "SIGINT";
  res.connections = 1;
  res.requests = {api(1, "both", {kKey, kBearer}), api(2, "bearer", {kBearer})};
  auto checks = capture_checks(res, providers().front());
  REQUIRE(checks.size() == 4);
  CHECK(checks[0].id == "capture.listen");
  CHECK(checks[2].id == "capture.auth");
  CHECK(checks[2].status == Status::pass);
  CHECK(checks[2].evidence["source"] == "capture");
  Report r = build_run_report(checks, {{"command", "capture"}}, FailOn::fail);
  CHECK(r.exit_code == 0);
  const Hypothesis& h2 = hyp(r, "H2");
  CHECK(h2.verdict == "refuted");
  CHECK(h2.summary.find("x-api-key (current placeholder) + Authorization: Bearer (other)") != std::string::npos);
  CHECK(h2.summary.find("both, bearer") != std::string::npos);
  CHECK(h2.summary.find("strips both x-api-key and Authorization") != std::string::npos);
  CHECK(h2.evidence == std::vector<std::string>{"capture.auth"});
  const Hypothesis& h1 = hyp(r, "H1");
  CHECK(h1.verdict == "refuted");
  CHECK(h1.summary.find("POST /v1/messages?beta=true") != std::string::npos);
}

TEST_CASE("capture: one header per request: H2 not applicable and an unserved path supports H1", "[capture]") {
  CaptureResult res;
  res.listen = "127.0.0.1:10001";
  res.stopped_by = "count";
  res.requests = {api(1, "x-api-key", {kKey}, "/chat/completions")};
  Report r = build_run_report(capture_checks(res, providers().front()), {{"command", "capture"}}, FailOn::fail);
  CHECK(hyp(r, "H2").verdict == "not-applicable");
  CHECK(hyp(r, "H1").verdict == "supported");
  CHECK(hyp(r, "H1").summary.find("/chat/completions") != std::string::npos);
}

TEST_CASE("capture: a real-key-shaped credential fails capture.auth and bad input warns", "[capture]") {
  CaptureResult res;
  res.listen = "127.0.0.1:10001";
  res.stopped_by = "SIGINT";
  CapturedRequest bad;
  bad.index = 1;
  bad.outcome = "not_http";
  bad.auth_scheme = "none";
  CredentialSeen real{"x-api-key", "", 40, "sha256:cccccccccccc", "real_key_shaped"};
  res.requests = {bad, api(2, "x-api-key", {real})};
  auto checks = capture_checks(res, providers().front());
  CHECK(checks[1].status == Status::warn);
  CHECK(checks[1].summary.find("1 not_http") != std::string::npos);
  CHECK(checks[2].status == Status::fail);
  Report r = build_run_report(checks, {{"command", "capture"}}, FailOn::fail);
  CHECK(r.exit_code == 1);
}

TEST_CASE("capture: nothing arrived: listen warns, the rest skip", "[capture]") {
  CaptureResult res;
  res.listen = "127.0.0.1:10001";
  res.stopped_by = "duration";
  auto checks = capture_checks(res, providers().front());
  CHECK(checks[0].status == Status::warn);
  CHECK(checks[2].status == Status::skip);
}

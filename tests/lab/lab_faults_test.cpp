// The lab's stream and request faults (docs/lab.md), driven with libcurl through the whole
// loopback chain (sidecar double -> real Squid -> upstream double), asserting what the case YAML
// says each double does, and the upstream double's request record.
#include <catch.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <sstream>

#include "net/http.hpp"
#include "net/sse_validator.hpp"
#include "support/lab.hpp"
#include "topology/client_profile_json.hpp"

using awf::HttpRequest;
using awf::HttpResponse;
using awf::test::Lab;

namespace {

const std::string kStreamBody =
    R"({"model":"claude-sonnet-4-6","max_tokens":1,"messages":[{"role":"user","content":"hi"}],"stream":true})";

HttpResponse post(const Lab& lab, const std::string& path, const std::string& body, awf::HeaderList extra = {}) {
  HttpRequest r;
  r.method = "POST";
  r.url = lab.get("LAB_BASE_URL") + path;
  r.headers = {{"content-type", "application/json"}, {"anthropic-version", "2023-06-01"}};
  r.headers.insert(r.headers.end(), extra.begin(), extra.end());
  r.body = body;
  r.timeout = std::chrono::milliseconds(20000);
  return awf::http_perform(r);
}

std::vector<nlohmann::json> records(const Lab& lab) {
  std::vector<nlohmann::json> out;
  std::istringstream in(awf::test::read_file(lab.get("LAB_UPSTREAM_RECORD")));
  std::string line;
  for (int i = 0; i < 1000 && std::getline(in, line); ++i)
    if (!line.empty()) out.push_back(nlohmann::json::parse(line));
  return out;
}

std::string rec_header(const nlohmann::json& rec, const std::string& name) {
  for (const auto& h : rec["headers"])
    if (h[0].get<std::string>().size() == name.size() &&
        std::equal(name.begin(), name.end(), h[0].get<std::string>().begin(),
                   [](char a, char b) {
                     return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
                   }))
      return h[1].get<std::string>();
  return "(absent)";
}

awf::sse::StreamResult validate(const HttpResponse& r) {
  awf::sse::StreamContext ctx;
  ctx.content_type = r.header("content-type");
  ctx.content_encoding = r.header("content-encoding");
  return awf::sse::validate_body(ctx, r.body, 0);
}

std::string error_message(const HttpResponse& r) {
  auto j = nlohmann::json::parse(r.body, nullptr, false);
  return j.is_discarded() ? "" : j["error"].value("message", "");
}

/// The case file's text, to check the double answers with the words the case records.
std::string case_text(const std::string& prefix) {
  for (const auto* name : {"R18-proxy-injects-stream-options.yaml", "R22-deprecated-anthropic-beta-rejected.yaml",
                           "R25-openai-path-on-anthropic-port.yaml",
                           "R29-gateway-prefers-authorization-over-x-api-key.yaml"})
    if (std::string(name).rfind(prefix, 0) == 0) return awf::test::read_file(std::string(AWF_CASES_DIR) + "/" + name);
  return "";
}

}  // namespace

TEST_CASE("lab: the upstream double records what reached it, credentials fingerprinted", "[lab][lab-faults]") {
  Lab lab("none");
  auto r = post(lab, "/v1/messages?beta=true", kStreamBody, {{"x-api-key", lab.get("LAB_PLACEHOLDER_KEY")},
                                                             {"Authorization", "Bearer test-auth-token-0001"}});
  REQUIRE(r.status == 200);
  auto s = validate(r);
  CHECK(s.findings.empty());
  CHECK(s.saw_message_stop);
  auto recs = records(lab);
  REQUIRE(recs.size() == 1);
  CHECK(recs[0]["method"] == "POST");
  CHECK(recs[0]["path"] == "/v1/messages?beta=true");
  CHECK(recs[0]["body"] == kStreamBody);
  CHECK(rec_header(recs[0], "x-api-key") == lab.get("LAB_UPSTREAM_KEY_FINGERPRINT"));  // the sidecar's key
  CHECK(rec_header(recs[0], "authorization") == "(absent)");                            // stripped
  CHECK(awf::test::read_file(lab.get("LAB_UPSTREAM_RECORD")).find("test-real-anthropic-key-0001") == std::string::npos);
}

TEST_CASE("lab: sse-truncated breaks the stream before message_stop", "[lab][lab-faults]") {
  Lab lab("sse-truncated");
  auto r = post(lab, "/v1/messages", kStreamBody);
  CHECK(r.status == 200);
  CHECK_FALSE(r.complete());  // the connection went away mid-body
  auto s = validate(r);
  CHECK(s.has(awf::sse::FindingKind::truncated));
  CHECK_FALSE(s.saw_message_stop);
  CHECK(s.event_names.back() == "content_block_delta");
}

TEST_CASE("lab: sse-midstream-error sends api_error after HTTP 200", "[lab][lab-faults]") {
  Lab lab("sse-midstream-error");
  auto r = post(lab, "/v1/messages", kStreamBody);
  CHECK(r.status == 200);
  CHECK(r.complete());
  auto s = validate(r);
  REQUIRE(s.has(awf::sse::FindingKind::error_event));
  CHECK(s.error_type == "api_error");
  CHECK_FALSE(s.has(awf::sse::FindingKind::truncated));
}

TEST_CASE("lab: stream-options-400 (R18) rewrites streaming bodies only", "[lab][lab-faults]") {
  Lab lab("stream-options-400");
  auto streaming = post(lab, "/v1/messages", kStreamBody);
  CHECK(streaming.status == 400);
  CHECK(streaming.header("request-id").rfind("req_", 0) == 0);  // the upstream answered
  CHECK(error_message(streaming) == "Unknown parameter: 'stream_options.include_usage'.");
  CHECK(case_text("R18").find("Unknown parameter: 'stream_options.include_usage'.") != std::string::npos);
  auto plain = post(lab, "/v1/messages", R"({"model":"claude-sonnet-4-6","max_tokens":1,"messages":[]})");
  CHECK(plain.status == 200);
  auto recs = records(lab);
  REQUIRE(recs.size() == 2);
  auto body = nlohmann::json::parse(recs[0]["body"].get<std::string>());
  CHECK(body["stream_options"]["include_usage"] == true);  // added by the sidecar, never sent by us
  CHECK_FALSE(nlohmann::json::parse(recs[1]["body"].get<std::string>()).contains("stream_options"));
}

TEST_CASE("lab: beta-rejected (R22) refuses one anthropic-beta value", "[lab][lab-faults]") {
  Lab lab("beta-rejected");
  const std::string beta = lab.get("LAB_REJECTED_BETA");
  CHECK(beta == "context-1m-2025-08-07");
  auto rejected = post(lab, "/v1/messages", kStreamBody, {{"anthropic-beta", "claude-code-20250219," + beta}});
  CHECK(rejected.status == 400);
  CHECK(rejected.header("request-id").rfind("req_", 0) == 0);
  const std::string msg = "Unexpected value(s) `context-1m-2025-08-07` for the `anthropic-beta` header";
  CHECK(error_message(rejected).rfind(msg, 0) == 0);
  CHECK(case_text("R22").find(msg) != std::string::npos);
  auto without = post(lab, "/v1/messages", kStreamBody, {{"anthropic-beta", "claude-code-20250219"}});
  CHECK(without.status == 200);
}

TEST_CASE("lab: path-not-served (R25) - /chat/completions is forwarded and answered 404", "[lab][lab-faults]") {
  Lab lab("path-not-served");
  auto r = post(lab, "/chat/completions", R"({"model":"claude-sonnet-5","messages":[]})");
  CHECK(r.status == 404);
  CHECK(r.header("request-id").rfind("req_", 0) == 0);  // the upstream, not the sidecar
  auto j = nlohmann::json::parse(r.body);
  CHECK(j["type"] == "error");
  CHECK(j["error"]["type"] == "not_found_error");
  CHECK(j["error"]["message"] == "Not Found");
  CHECK(case_text("R25").find(R"("error":{"type":"not_found_error","message":"Not Found"})") != std::string::npos);
  CHECK(post(lab, "/v1/messages", "{}").status == 400);  // the Anthropic path works
  auto profile = awf::topology::load_client_profile(lab.get("LAB_CLIENT_PROFILE"));
  CHECK(profile.path_query == "/chat/completions");
  CHECK(awf::test::read_file(lab.get("LAB_HOME") + "/.pi/agent/models.json").find("openai-completions") !=
        std::string::npos);
}

TEST_CASE("lab: gateway-prefers-authorization (R29) authenticates with Authorization first", "[lab][lab-faults]") {
  Lab lab("gateway-prefers-authorization");
  auto both = post(lab, "/v1/messages?beta=true", "{}",
                   {{"x-api-key", "test-gateway-key-0001"}, {"Authorization", "Bearer test-oauth-token-0001"}});
  CHECK(both.status == 401);
  CHECK(both.header("request-id").empty());  // refused by the gateway itself
  auto j = nlohmann::json::parse(both.body);
  CHECK(j["error"]["type"] == "auth_error");
  CHECK(case_text("R29").find(j["error"]["message"].get<std::string>()) != std::string::npos);
  CHECK(records(lab).empty());  // nothing forwarded
  auto key_only = post(lab, "/v1/messages?beta=true", "{}", {{"x-api-key", "test-gateway-key-0001"}});
  CHECK(key_only.status == 400);  // forwarded; the upstream refuses the empty body after auth
  auto recs = records(lab);
  REQUIRE(recs.size() == 1);
  CHECK(rec_header(recs[0], "x-api-key") == lab.get("LAB_UPSTREAM_KEY_FINGERPRINT"));
  const auto env = awf::test::read_file(lab.get("LAB_AGENT_ENV"));
  CHECK(env.find("ANTHROPIC_API_KEY=test-gateway-key-0001") != std::string::npos);
  CHECK(env.find("HTTPS_PROXY") == std::string::npos);
}

// [realclient]: the claude-code profile must match what the real @anthropic-ai/claude-code@2.1.88
// sends, so the profile cannot drift from the real thing. tests/lab/realclient.py runs the client
// (installed by scripts/bootstrap into build-cache/npm) inside its own network namespace against
// loopback recording doubles (401 Anthropic-shaped) and prints every request it received.
// Skipped, with the reason, only when bootstrap recorded that npm could not install the package.
#include <catch.hpp>

#include <nlohmann/json.hpp>

#include <unistd.h>

#include <algorithm>
#include <set>

#include "core/subprocess.hpp"
#include "support/realclient.hpp"
#include "support/test_support.hpp"
#include "topology/clients.hpp"

using namespace awf::topology;

namespace {


std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

nlohmann::json run_client(const std::vector<std::string>& extra) {
  awf::test::TempDir d;
  return awf::test::run_realclient(d, extra);
}

std::vector<std::pair<std::string, std::string>> sent_headers(const nlohmann::json& rec) {
  static const std::set<std::string> kTransport = {"host", "connection", "content-length"};
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& h : rec["headers"])
    if (!kTransport.count(lower(h[0].get<std::string>()))) out.emplace_back(h[0], h[1]);
  return out;
}

/// Compares one recorded request with the profile's: method, path+query, header names in order,
/// and every value the profile fixes (placeholders filled with what the double recorded).
void check_matches(const ClientRequest& want, const nlohmann::json& got, const std::map<std::string, std::string>& fill) {
  INFO("request " << want.role << " " << want.method << " " << want.path_query);
  CHECK(got["method"] == want.method);
  CHECK(got["path"] == want.path_query);
  const auto sent = sent_headers(got);
  std::vector<std::string> want_names, got_names;
  for (const auto& h : want.headers) want_names.push_back(lower(h.name));
  for (const auto& h : sent) got_names.push_back(lower(h.first));
  CHECK(got_names == want_names);
  for (const auto& h : want.headers) {
    const std::string v = fill_placeholders(h.value, fill);
    if (v.find("{{") != std::string::npos) continue;  // per-run/per-machine value
    auto it = std::find_if(sent.begin(), sent.end(), [&](const auto& s) { return lower(s.first) == lower(h.name); });
    if (it != sent.end()) CHECK(it->first + ": " + it->second == h.name + ": " + v);
  }
}

}  // namespace

TEST_CASE("real Claude Code 2.1.88 sends what the claude-code profile says", "[realclient]") {
  const std::string why = awf::test::realclient_not_installed_reason();
  if (!why.empty() && why.rfind("failed:", 0) == 0) {
    WARN("SKIPPED: @anthropic-ai/claude-code@2.1.88 could not be installed by scripts/bootstrap: " << why);
    return;
  }
  INFO("no client at " << awf::test::kRealClientCli << "; run scripts/bootstrap (install-status: " << why << ")");
  REQUIRE(why.empty());

  const auto& profile = builtin_profile("claude-code");
  SECTION("token + helper, proxy variables set (awf's agent): both headers first, Bearer only on the retry") {
    auto out = run_client({"--credentials", "token,helper"});
    CHECK(out["proxy_requests"].empty());  // nothing tried to leave through the proxy
    std::map<std::string, std::string> fill = {{"apiKeyHelper", out["fingerprints"]["helper_output"]},
                                               {"ANTHROPIC_AUTH_TOKEN", out["fingerprints"]["auth_token"]}};
    SequenceOptions o;
    o.sources.auth_token = true;
    o.sources.api_key_helper = true;
    o.proxy_configured = true;
    o.retries_after_401 = 1;  // CLAUDE_CODE_MAX_RETRIES=1
    const auto want = request_sequence(profile, o);
    const auto& got = out["base_requests"];
    REQUIRE(got.size() == want.size());
    for (std::size_t i = 0; i < want.size(); ++i) check_matches(want[i], got[i], fill);
    const auto body = nlohmann::json::parse(got[0]["body"].get<std::string>());
    CHECK(body["model"] == profile.model);
    CHECK(body["stream"] == true);
    CHECK(got[0]["status"] == 401);
    bool retried_401 = false;
    for (const auto& l : out["stream_json"])
      retried_401 |= l.value("subtype", "") == "api_retry" && l.value("error_status", 0) == 401;
    CHECK(retried_401);
  }
  SECTION("no proxy variable: HEAD / first, without credentials") {
    auto out = run_client({"--credentials", "token,helper", "--without", "HTTPS_PROXY", "--without", "HTTP_PROXY",
                           "--without", "https_proxy", "--without", "http_proxy"});
    std::map<std::string, std::string> fill = {{"apiKeyHelper", out["fingerprints"]["helper_output"]},
                                               {"ANTHROPIC_AUTH_TOKEN", out["fingerprints"]["auth_token"]}};
    SequenceOptions o;
    o.sources.auth_token = true;
    o.sources.api_key_helper = true;
    o.retries_after_401 = 1;
    const auto want = request_sequence(profile, o);
    REQUIRE(want.front().role == "preconnect");
    const auto& got = out["base_requests"];
    REQUIRE(got.size() == want.size());
    for (std::size_t i = 0; i < want.size(); ++i) check_matches(want[i], got[i], fill);
  }
  SECTION("other credential sources: the observed auth rows hold") {
    for (const std::string creds : {"helper", "api_key,token"}) {
      auto out = run_client({"--credentials", creds});
      std::map<std::string, std::string> fill = {{"apiKeyHelper", out["fingerprints"]["helper_output"]},
                                                 {"ANTHROPIC_AUTH_TOKEN", out["fingerprints"]["auth_token"]},
                                                 {"ANTHROPIC_API_KEY", out["fingerprints"]["api_key"]}};
      SequenceOptions o;
      o.sources.api_key_helper = creds == "helper";
      o.sources.api_key = creds != "helper";
      o.sources.auth_token = creds != "helper";
      o.proxy_configured = true;
      const auto want = request_sequence(profile, o);
      const auto& got = out["base_requests"];
      INFO("credentials " << creds);
      REQUIRE(got.size() == want.size());
      for (std::size_t i = 0; i < want.size(); ++i) check_matches(want[i], got[i], fill);
    }
  }
}

// Issue 5 (2), decisions.md 2 and 12: several provider routes judged in one run, on the loopback lab's
// multi-route faults (tests/lab/lab_providers.py): an agent set up for Claude Code and Codex at once.
// Every hop of every route is named explicitly, on loopback (--base-url/--upstream PROVIDER=URL).
#include <catch.hpp>

#include <set>
#include <sstream>
#include <utility>

#include <nlohmann/json.hpp>

#include "support/lab.hpp"

using awf::test::Lab;
using awf::test::run_awf_diag;
using nlohmann::json;

namespace {

std::vector<std::string> both_routes(const Lab& lab) {
  return {"check-chain",
          "--env-file", lab.get("LAB_AGENT_ENV"),
          "--home", lab.get("LAB_HOME"),
          "--base-url", "anthropic=" + lab.get("LAB_BASE_URL"),
          "--base-url", "openai=" + lab.get("LAB_OPENAI_URL"),
          "--upstream", "anthropic=" + lab.get("LAB_UPSTREAM_URL"),
          "--upstream", "openai=" + lab.get("LAB_OPENAI_UPSTREAM_URL"),
          "--management-url", lab.get("LAB_OPENAI_URL"),  // awf's 10000: the OpenAI port is the management port
          "--squid", lab.get("LAB_SQUID_URL"),
          "--cacert", lab.get("LAB_CACERT"),
          "--no-spend",
          "--timeout", "60"};
}

struct Run {
  json doc;
  std::string out;
  int exit_code = -1;
};

Run run(std::vector<std::string> args, const std::vector<std::string>& extra = {}) {
  for (const auto& a : extra) args.push_back(a);
  auto r = run_awf_diag(args, {}, 120);
  INFO(r.out << r.err);
  Run out;
  out.out = r.out;
  out.exit_code = r.exit_code;
  out.doc = json::parse(r.out, nullptr, false);
  for (const char* secret : {"test-real-openai-key-0001", "test-revoked-openai-key-0009", "test-real-anthropic-key-0001"})
    CHECK(r.out.find(secret) == std::string::npos);
  return out;
}

const json* check_of(const json& doc, const std::string& id, const std::string& provider) {
  for (const auto& c : doc["checks"])
    if (c["id"] == id && c["provider"] == provider) return &c;
  return nullptr;
}

}  // namespace

TEST_CASE("multi-route: both routes judged in one run, each check once per route", "[lab][cli][issue5][routes]") {
  Lab lab("multi-route");
  Run r = run(both_routes(lab), {"-o", "json"});
  INFO(r.doc.dump(1));
  REQUIRE_FALSE(r.doc.is_discarded());
  // The Anthropic route proves acceptance; OpenAI's zero-token request is rejection-only
  // (docs/providers.md), so its upstream.auth stays inconclusive: ERROR, exit 3, never a FAIL.
  CHECK(r.exit_code == 3);
  CHECK(r.doc["summary"]["verdict"] == "ERROR");
  for (const auto& c : r.doc["checks"]) {
    INFO(c.dump());
    CHECK(c["status"] != "fail");
    if (c["status"] == "error") CHECK((c["id"] == "upstream.auth" && c["provider"] == "openai"));
  }
  CHECK(r.doc["run"]["topology"]["routes"] == json({"anthropic", "openai"}));
  CHECK(r.doc["run"]["routes"].size() == 2);
  CHECK(r.doc["run"]["routes"][1]["spec"]["base_url"] == lab.get("LAB_OPENAI_URL"));
  std::set<std::pair<std::string, std::string>> seen;
  for (const auto& c : r.doc["checks"]) {
    INFO(c.dump());
    REQUIRE(c["provider"].is_string());
    CHECK(seen.emplace(c["id"].get<std::string>(), c["provider"].get<std::string>()).second);  // (id, provider) unique
    if (c["id"].get<std::string>().rfind("helper.", 0) == 0) CHECK(c["provider"] == "anthropic");
  }
  for (const char* p : {"anthropic", "openai"}) {
    INFO(p);
    REQUIRE(check_of(r.doc, "proxy.forward", p));
    REQUIRE(check_of(r.doc, "upstream.auth", p));
  }
  CHECK((*check_of(r.doc, "upstream.auth", "anthropic"))["status"] == "pass");
  CHECK((*check_of(r.doc, "proxy.forward", "openai"))["evidence"]["request"]["url"].get<std::string>().find("/responses") !=
        std::string::npos);
  CHECK((*check_of(r.doc, "proxy.forward", "anthropic"))["evidence"]["request"]["url"].get<std::string>().find("/v1/messages") !=
        std::string::npos);
  for (const auto& h : r.doc["hypotheses"]) CHECK(h["provider"].is_string());
  // OpenAI's answer shows neither acceptance nor rejection: H4 cannot be supported by it (new-user F7).
  for (const auto& h : r.doc["hypotheses"])
    if (h["id"] == "H4" && h["provider"] == "openai") CHECK(h["verdict"] == "inconclusive");
  CHECK(r.doc["summary"]["leading_cause"].is_null());

  // The same healthy chain gives no FAIL and no PASS whatever the selection (new-user F8).
  for (const std::vector<std::string>& sel : {std::vector<std::string>{"--skip", "upstream.auth[openai]"},
                                              std::vector<std::string>{"--only", "proxy.*[openai]"}}) {
    std::vector<std::string> extra = sel;
    extra.push_back("-o");
    extra.push_back("json");
    Run s = run(both_routes(lab), extra);
    INFO(sel[0] << " " << sel[1] << "\n" << s.doc.dump(1));
    CHECK(s.exit_code == 3);
    CHECK(s.doc["summary"]["verdict"] == "ERROR");
  }
}

TEST_CASE("multi-route: a broken route fails the run and is named with its provider", "[lab][cli][issue5][routes]") {
  Lab lab("multi-route-openai-revoked");
  Run r = run(both_routes(lab), {"-o", "json"});
  INFO(r.doc.dump(1));
  REQUIRE_FALSE(r.doc.is_discarded());
  CHECK(r.exit_code == 1);
  CHECK(r.doc["summary"]["verdict"] == "FAIL");
  CHECK(r.doc["summary"]["failed_link"] == "upstream");
  CHECK(r.doc["summary"]["leading_cause"] == "upstream-key-rejected[openai]");
  CHECK(r.doc["summary"]["text"].get<std::string>().find("(openai route)") != std::string::npos);
  REQUIRE(check_of(r.doc, "upstream.auth", "openai"));
  CHECK((*check_of(r.doc, "upstream.auth", "openai"))["status"] == "fail");
  REQUIRE(check_of(r.doc, "upstream.auth", "anthropic"));
  CHECK((*check_of(r.doc, "upstream.auth", "anthropic"))["status"] == "pass");

  // Text and JUnit name the route's check id[provider]; a re-render re-derives the same verdict.
  Run text = run(both_routes(lab));
  CHECK(text.exit_code == 1);
  CHECK(text.out.find("upstream.auth[openai]") != std::string::npos);
  CHECK(text.out.find("routes judged: anthropic, openai") != std::string::npos);
  Run junit = run(both_routes(lab), {"-o", "junit"});
  CHECK(junit.out.find("name=\"upstream.auth[openai]\"") != std::string::npos);
  CHECK(junit.out.find("name=\"upstream.auth[anthropic]\"") != std::string::npos);
}

TEST_CASE("multi-route: --only and --skip take id[provider], and a plain --base-url pins one route",
          "[lab][cli][issue5][routes]") {
  Lab lab("multi-route-openai-revoked");
  SECTION("--only one route's checks") {
    Run r = run(both_routes(lab), {"-o", "json", "--only", "upstream.auth[openai]"});
    INFO(r.doc.dump(1));
    CHECK(r.exit_code == 1);
    for (const auto& c : r.doc["checks"]) CHECK(c["provider"] == "openai");
    REQUIRE(check_of(r.doc, "upstream.auth", "openai"));
  }
  SECTION("--skip one route's checks: that route is then not judged, and the report says so") {
    Run r = run(both_routes(lab), {"-o", "json", "--skip", "*[openai]"});
    INFO(r.doc.dump(1));
    CHECK(r.exit_code == 0);
    for (const auto& c : r.doc["checks"]) CHECK(c["provider"] == "anthropic");
    CHECK(r.doc["run"]["topology"]["routes"] == json({"anthropic"}));
    CHECK(r.doc["run"]["topology"]["routes_not_judged"].dump().find("openai: every check of its route was left out") !=
          std::string::npos);
    Run text = run(both_routes(lab), {"--skip", "*[openai]"});
    CHECK(text.out.find("; not judged: openai") != std::string::npos);
  }
  SECTION("a route's request left out by --skip never ends green (new-user F12)") {
    Run r = run(both_routes(lab), {"-o", "json", "--skip", "proxy.tcp[openai]"});
    INFO(r.doc.dump(1));
    CHECK(r.exit_code != 0);
    REQUIRE(check_of(r.doc, "upstream.auth", "openai"));
    CHECK((*check_of(r.doc, "upstream.auth", "openai"))["status"] == "error");
  }
  SECTION("--only one route's proxy checks: the route's own provider row judges the answer (new-user F1, F13)") {
    for (const char* pattern : {"proxy.*[openai]", "proxy.*[OpenAI]"}) {
      INFO(pattern);
      Run r = run(both_routes(lab), {"-o", "json", "--only", pattern});
      INFO(r.doc.dump(1));
      CHECK(r.exit_code == 1);
      REQUIRE(check_of(r.doc, "upstream.auth", "openai"));
      const json& auth = *check_of(r.doc, "upstream.auth", "openai");
      CHECK(auth["status"] == "fail");
      CHECK(auth["summary"].get<std::string>().find("OpenAI rejected") != std::string::npos);
      for (const auto& c : r.doc["checks"]) CHECK(c["provider"] == "openai");
    }
  }
  SECTION("a route that is not judged is a usage error") {
    Run r = run(both_routes(lab), {"--only", "proxy.forward[copilot]"});
    CHECK(r.exit_code == 2);
  }
  SECTION("plain flags pin the run to the first route and say why the other is left") {
    std::vector<std::string> plain = lab.route_flags("anthropic");
    plain.insert(plain.begin(), "check-chain");
    Run r = run(plain, {"--home", lab.get("LAB_HOME"), "--management-url", lab.get("LAB_OPENAI_URL"), "--no-spend",
                        "--timeout", "60", "-o", "json"});
    INFO(r.doc.dump(1));
    CHECK(r.exit_code == 0);
    CHECK(r.doc["run"]["topology"]["routes"] == json({"anthropic"}));
    REQUIRE(r.doc["run"]["topology"]["routes_not_judged"].size() == 1);
    CHECK(r.doc["run"]["topology"]["routes_not_judged"][0].get<std::string>().find("openai=URL") != std::string::npos);
    for (const auto& c : r.doc["checks"]) CHECK(c["provider"] == "anthropic");
  }
}

TEST_CASE("multi-route: a base URL on another provider's port is named as the wrong port (issue 5 point 3)",
          "[lab][cli][issue5][routes]") {
  Lab lab("multi-route");
  const std::string env = awf::test::read_file(lab.get("LAB_AGENT_ENV"));
  awf::test::TempDir dir;
  struct Swap {
    std::string var, to, route, other;
  };
  // OPENAI_BASE_URL at the Anthropic port (its /health names awf-api-proxy-anthropic), and
  // ANTHROPIC_BASE_URL at the OpenAI port (the management shape only port 10000 serves).
  for (const Swap& s : {Swap{"OPENAI_BASE_URL", lab.get("LAB_BASE_URL"), "openai", "anthropic"},
                        Swap{"ANTHROPIC_BASE_URL", lab.get("LAB_OPENAI_URL"), "anthropic", "openai"}}) {
    INFO(s.var << " -> " << s.to);
    std::string swapped;
    std::istringstream in(env);
    for (std::string line; std::getline(in, line);)
      swapped += (line.rfind(s.var + "=", 0) == 0 ? s.var + "=" + s.to : line) + "\n";
    const std::string path = dir.write(s.var + ".env", swapped);
    Run r = run({"check-chain", "--env-file", path, "--home", lab.get("LAB_HOME"), "--upstream",
                 "anthropic=" + lab.get("LAB_UPSTREAM_URL"), "--upstream", "openai=" + lab.get("LAB_OPENAI_UPSTREAM_URL"),
                 "--management-url", lab.get("LAB_OPENAI_URL"), "--cacert", lab.get("LAB_CACERT"), "--no-spend",
                 "--timeout", "60", "-o", "json"});
    INFO(r.doc.dump(1));
    CHECK(r.exit_code == 1);
    const json* health = check_of(r.doc, "proxy.health", s.route);
    REQUIRE(health);
    CHECK((*health)["status"] == "fail");
    CHECK((*health)["evidence"]["fault"] == "proxy-wrong-provider-port");
    CHECK((*health)["evidence"]["port_of"] == s.other);
    CHECK(r.doc["summary"]["leading_cause"] == "proxy-wrong-provider-port[" + s.route + "]");
  }
}

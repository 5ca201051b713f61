// cli/route_runs: which routes a run judges, route-qualified --only/--skip, the merge of the routes'
// checks; cli/chain_options split_url_args (PROVIDER=URL, decisions.md 12).
#include <catch.hpp>

#include "cli/chain_options.hpp"
#include "cli/route_runs.hpp"
#include "core/env_snapshot.hpp"

using namespace awf;

namespace {

EnvSnapshot env_of(std::map<std::string, std::string> vars) {
  EnvSnapshot e;
  e.vars = std::move(vars);
  return e;
}

Topology first(ProviderId p) {
  Topology t;
  t.provider = p;
  return t;
}

Check check(const std::string& id, const std::string& provider, Status st, const std::string& skip_reason = "") {
  Check c;
  c.id = id;
  c.provider = provider;
  c.status = st;
  c.skip_reason = skip_reason;
  return c;
}

}  // namespace

TEST_CASE("choose_routes: auto judges every provider whose variables are set", "[cli][routes]") {
  const EnvSnapshot env = env_of({{"ANTHROPIC_BASE_URL", "http://127.0.0.1:1"},
                                  {"OPENAI_BASE_URL", "http://127.0.0.1:2"},
                                  {"COPILOT_GITHUB_TOKEN", "ghu_x"}});
  ChainFlags f;
  RouteChoice rc = choose_routes(first(ProviderId::anthropic), f, env);
  CHECK(rc.judged == std::vector<ProviderId>{ProviderId::anthropic, ProviderId::openai, ProviderId::copilot});
  CHECK(rc.not_judged.empty());

  SECTION("--provider pins the run") {
    f.provider = "anthropic";
    rc = choose_routes(first(ProviderId::anthropic), f, env);
    CHECK(rc.judged == std::vector<ProviderId>{ProviderId::anthropic});
    REQUIRE(rc.not_judged.size() == 2);
    CHECK(rc.not_judged[0].find("openai (OPENAI_BASE_URL): --provider anthropic pins the run") == 0);
  }
  SECTION("a plain --base-url pins the run; PROVIDER=URL brings a route back") {
    f.base_url = "http://127.0.0.1:9";
    rc = choose_routes(first(ProviderId::anthropic), f, env);
    CHECK(rc.judged == std::vector<ProviderId>{ProviderId::anthropic});
    CHECK(rc.not_judged.at(0).find("--base-url openai=URL --upstream openai=URL") != std::string::npos);
    f.upstream_for["copilot"] = "https://127.0.0.1:8";
    rc = choose_routes(first(ProviderId::anthropic), f, env);
    CHECK(rc.judged == std::vector<ProviderId>{ProviderId::anthropic, ProviderId::copilot});
    CHECK(rc.not_judged.size() == 1);
  }
  SECTION("a route named only by a flag is judged too") {
    ChainFlags g;
    g.base_url_for["gemini"] = "http://127.0.0.1:7";
    rc = choose_routes(first(ProviderId::anthropic), g, env_of({{"ANTHROPIC_BASE_URL", "http://127.0.0.1:1"}}));
    CHECK(rc.judged == std::vector<ProviderId>{ProviderId::anthropic, ProviderId::gemini});
  }
}

TEST_CASE("patterns_for_route: a provider suffix picks one route, fnmatch brackets stay globs", "[cli][routes]") {
  const std::vector<std::string> pats = {"proxy.*[openai]", "upstream.auth", "squid.[ct]*", "env.*[anthropic]"};
  CHECK(patterns_for_route(pats, "openai") == std::vector<std::string>{"proxy.*", "upstream.auth", "squid.[ct]*"});
  // A capitalised route name is the route, never a glob character class (new-user F13).
  CHECK(patterns_for_route({"proxy.*[OpenAI]"}, "openai") == std::vector<std::string>{"proxy.*"});
  CHECK(patterns_for_route({"proxy.*[OpenAI]"}, "anthropic").empty());
  CHECK(patterns_for_route(pats, "anthropic") == std::vector<std::string>{"upstream.auth", "squid.[ct]*", "env.*"});
  CHECK(patterns_without_route(pats) == std::vector<std::string>{"proxy.*", "upstream.auth", "squid.[ct]*", "env.*"});
  CHECK(check_pattern_routes(pats, {ProviderId::anthropic, ProviderId::openai}, "--only").empty());
  const std::string bad = check_pattern_routes(pats, {ProviderId::anthropic}, "--only");
  CHECK(bad.find("--only 'proxy.*[openai]': openai is not a route of this run (judged: anthropic)") == 0);
}

TEST_CASE("merge_route_checks: one list, a route's not-in-topology skip dropped where another route ran it",
          "[cli][routes]") {
  std::vector<RouteChecks> parts;
  parts.push_back({"anthropic", {check("helper.run", "anthropic", Status::pass), check("proxy.forward", "anthropic", Status::pass)}});
  parts.push_back({"openai",
                   {check("helper.run", "openai", Status::skip, std::string(kNotInTopology) + " (provider: openai): …"),
                    check("proxy.forward", "openai", Status::fail),
                    check("env.no_proxy", "openai", Status::skip, std::string(kNotInTopology) + " (mode: gateway): …")}});
  std::vector<Check> all = merge_route_checks(std::move(parts));
  REQUIRE(all.size() == 4);
  CHECK(all[0].id == "helper.run");
  CHECK(all[0].provider == "anthropic");
  CHECK(all[2].provider == "openai");
  CHECK(all[3].id == "env.no_proxy");  // no route ran it: its skip stays, with its reason
}

TEST_CASE("split_url_args: PROVIDER=URL per route, one plain URL, errors named", "[cli][routes]") {
  ChainOptions o;
  o.base_url_args = {"http://127.0.0.1:1", "openai=http://127.0.0.1:2/?a=b"};
  o.upstream_args = {"https://127.0.0.1:3/x?k=v", "copilot=https://127.0.0.1:4"};
  REQUIRE(split_url_args(o).empty());
  CHECK(o.flags.base_url == "http://127.0.0.1:1");
  CHECK(o.flags.base_url_for.at("openai") == "http://127.0.0.1:2/?a=b");
  CHECK(o.flags.upstream_url == "https://127.0.0.1:3/x?k=v");  // '=' after "://" is the URL's own
  CHECK(o.flags.upstream_for.at("copilot") == "https://127.0.0.1:4");

  ChainOptions twice;
  twice.base_url_args = {"http://127.0.0.1:1", "http://127.0.0.1:2"};
  CHECK(split_url_args(twice).find("--base-url is given twice") == 0);
  ChainOptions unknown;
  unknown.base_url_args = {"mistral=http://127.0.0.1:1"};
  CHECK(split_url_args(unknown).find("'mistral' is not a provider (use anthropic, openai, copilot, gemini)") != std::string::npos);
  ChainOptions dup;
  dup.upstream_args = {"openai=https://127.0.0.1:1", "openai=https://127.0.0.1:2"};
  CHECK(split_url_args(dup) == "--upstream: provider 'openai' is named twice");
  ChainOptions bad_url;
  bad_url.base_url_args = {"openai=ftp://127.0.0.1:1"};
  REQUIRE(split_url_args(bad_url).empty());
  CHECK(validate_chain_flags(bad_url.flags).find("openai=: --base-url 'ftp://127.0.0.1:1'") == 0);
}

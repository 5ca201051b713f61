// cli/route_runs: which routes a run judges, route-qualified --only/--skip, the deadline split and
// spec per route, the merge of the routes' runs; cli/chain_options split_url_args (PROVIDER=URL,
// decisions.md 12). No network: topology goes through a FakeIo.
#include <catch.hpp>

#include "cli/chain_options.hpp"
#include "cli/route_runs.hpp"
#include "core/env_snapshot.hpp"
#include "core/subprocess.hpp"
#include "support/fake_io.hpp"
#include "support/test_support.hpp"
#include "topology/providers.hpp"

using namespace awf;

namespace {

EnvSnapshot env_of(std::map<std::string, std::string> vars) {
  EnvSnapshot e;
  e.vars = std::move(vars);
  return e;
}

/// The run's routes as the CLI decides them: the first route's spec resolved from the flags and `env`.
RouteChoice routes_of(const ChainFlags& f, const EnvSnapshot& env) { return choose_routes(resolve_chain_spec(f, env), f); }

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
  RouteChoice rc = routes_of(f, env);
  CHECK(rc.judged == std::vector<ProviderId>{ProviderId::anthropic, ProviderId::openai, ProviderId::copilot});
  CHECK(rc.not_judged.empty());

  SECTION("--provider pins the run") {
    f.provider = "anthropic";
    rc = routes_of(f, env);
    CHECK(rc.judged == std::vector<ProviderId>{ProviderId::anthropic});
    REQUIRE(rc.not_judged.size() == 2);
    CHECK(rc.not_judged[0].find("openai (OPENAI_BASE_URL): --provider anthropic pins the run") == 0);
  }
  SECTION("a plain --base-url pins the run; PROVIDER=URL brings a route back") {
    f.base_url = "http://127.0.0.1:9";
    rc = routes_of(f, env);
    CHECK(rc.judged == std::vector<ProviderId>{ProviderId::anthropic});
    CHECK(rc.not_judged.at(0).find("--base-url openai=URL --upstream openai=URL") != std::string::npos);
    // Said on stderr too, one line a route (new-user test 13 F7), with a plain --upstream as well.
    REQUIRE(rc.notes.size() == 2);
    CHECK(rc.notes[0].find("the openai route (OPENAI_BASE_URL) is not judged: a plain --base-url/--upstream pins") == 0);
    CHECK(rc.notes[1].find("the copilot route (COPILOT_GITHUB_TOKEN) is not judged: ") == 0);
    ChainFlags u;
    u.upstream_url = "https://127.0.0.1:9";
    RouteChoice ru = routes_of(u, env);
    CHECK(ru.judged == std::vector<ProviderId>{ProviderId::anthropic});
    REQUIRE(ru.notes.size() == 2);
    CHECK(ru.notes[0].find("the openai route (OPENAI_BASE_URL) is not judged: ") == 0);
    f.base_url_for["copilot"] = "http://127.0.0.1:8";
    rc = routes_of(f, env);
    CHECK(rc.judged == std::vector<ProviderId>{ProviderId::anthropic, ProviderId::copilot});
    CHECK(rc.not_judged.size() == 1);
  }
  SECTION("a route named only by a flag is judged too") {
    ChainFlags g;
    g.base_url_for["gemini"] = "http://127.0.0.1:7";
    rc = routes_of(g, env_of({{"ANTHROPIC_BASE_URL", "http://127.0.0.1:1"}}));
    CHECK(rc.judged == std::vector<ProviderId>{ProviderId::anthropic, ProviderId::gemini});
  }
}

// New-user test F17: a route with no target of its own never falls back to awf's real addresses once
// the user named other routes' targets. choose_routes decides before any probe: nothing is sent here.
TEST_CASE("choose_routes: named targets, a route without its own is a usage error or left out", "[cli][routes]") {
  const EnvSnapshot env = env_of({{"ANTHROPIC_BASE_URL", "http://127.0.0.1:1"},
                                  {"OPENAI_BASE_URL", "http://127.0.0.1:2"},
                                  {"COPILOT_GITHUB_TOKEN", "ghu_x"}});
  ChainFlags f;
  f.upstream_for["anthropic"] = "https://127.0.0.1:3";
  f.upstream_for["openai"] = "https://127.0.0.1:4";

  SECTION("a route only its variables brought in is left out, said loudly") {
    RouteChoice rc = routes_of(f, env);
    CHECK(rc.usage_error.empty());
    CHECK(rc.judged == std::vector<ProviderId>{ProviderId::anthropic, ProviderId::openai});
    REQUIRE(rc.not_judged.size() == 1);
    CHECK(rc.not_judged[0].find("copilot (COPILOT_GITHUB_TOKEN): it has no target of its own") == 0);
    CHECK(rc.not_judged[0].find("http://172.30.0.30:10002") != std::string::npos);
    CHECK(rc.not_judged[0].find("--upstream copilot=URL") != std::string::npos);
    REQUIRE(rc.notes.size() == 1);
    CHECK(rc.notes[0].find("the copilot route is not judged: ") == 0);
    // Given its own targets it is judged.
    f.base_url_for["copilot"] = "http://127.0.0.1:5";
    f.upstream_for["copilot"] = "https://127.0.0.1:6";
    rc = routes_of(f, env);
    CHECK(rc.usage_error.empty());
    CHECK(rc.judged.size() == 3);
    CHECK(rc.notes.empty());
  }
  SECTION("--provider copilot: the forced route is a usage error naming it and the missing flags") {
    f.provider = "copilot";
    RouteChoice rc = routes_of(f, env);
    CHECK(rc.usage_error.find("the copilot route (--provider copilot) has no target of its own") == 0);
    CHECK(rc.usage_error.find("--base-url copilot=URL") != std::string::npos);
    CHECK(rc.usage_error.find("--upstream copilot=URL") != std::string::npos);
    CHECK(rc.usage_error.find("https://api.githubcopilot.com") != std::string::npos);
    f.upstream_for["copilot"] = "https://127.0.0.1:6";
    f.base_url_for["copilot"] = "http://127.0.0.1:5";
    CHECK(routes_of(f, env).usage_error.empty());
  }
  SECTION("a route added by one PROVIDER=URL flag must name the other named hop too (F15)") {
    ChainFlags g;
    g.base_url_for["gemini"] = "http://127.0.0.1:7";  // gemini has no upstream host: nothing to fall back to
    CHECK(routes_of(g, env_of({{"ANTHROPIC_BASE_URL", "http://127.0.0.1:1"}})).usage_error.empty());
    f.base_url_for["copilot"] = "http://127.0.0.1:5";
    RouteChoice rc = routes_of(f, env);
    CHECK(rc.usage_error.find("the copilot route (named by --base-url copilot=URL)") == 0);
    CHECK(rc.usage_error.find("pass --upstream copilot=URL") != std::string::npos);
  }
  SECTION("the first route too, and a plain URL counts as a named target") {
    ChainFlags g;
    g.upstream_for["openai"] = "https://127.0.0.1:4";
    RouteChoice rc = routes_of(g, env);
    CHECK(rc.usage_error.find("the anthropic route (the first route, env:ANTHROPIC_BASE_URL)") == 0);
    CHECK(rc.usage_error.find("https://api.anthropic.com") != std::string::npos);
    ChainFlags h;
    h.provider = "copilot";
    h.upstream_url = "https://127.0.0.1:4";  // the copilot route's own; its base URL is awf's default
    rc = routes_of(h, env);                   // while the environment points the other routes' elsewhere
    CHECK(rc.usage_error.find("--base-url copilot=URL (or COPILOT_API_URL in the judged environment)") != std::string::npos);
  }
  SECTION("no target flag at all: the environment's routes as before") {
    RouteChoice rc = routes_of(ChainFlags{}, env);
    CHECK(rc.usage_error.empty());
    CHECK(rc.judged.size() == 3);
  }
}

// F17 end to end: `--provider copilot` among other routes' named targets exits 2 before any probe. Run in
// a network namespace of its own (unshare -rn): were the rule broken, nothing could leave this host.
TEST_CASE("check-chain: --provider copilot without its own targets is a usage error before any probe",
          "[cli][routes][netns]") {
  SubprocessOptions probe_ns;
  probe_ns.timeout = std::chrono::seconds(10);
  probe_ns.envp = {"PATH=/usr/local/bin:/usr/bin:/bin"};
  if (run_subprocess({"/usr/bin/unshare", "-rn", "/bin/true"}, probe_ns).exit_code != 0) {
    WARN("unshare -rn is not available here: the end-to-end half is left to the unit test above");
    return;
  }
  awf::test::TempDir t;
  const std::string env = t.write("agent.env", "ANTHROPIC_BASE_URL=http://127.0.0.1:9\nOPENAI_BASE_URL=http://127.0.0.1:9\n"
                                               "OPENAI_API_KEY=sk-placeholder-for-api-proxy\nHOME=" + t.path() + "\n");
  SubprocessOptions o;
  o.timeout = std::chrono::seconds(30);
  o.envp = {"PATH=/usr/local/bin:/usr/bin:/bin"};
  auto r = run_subprocess({"/usr/bin/unshare", "-rn", AWF_DIAG_BIN, "check-chain", "--env-file", env, "--home", t.path(),
                           "--squid", "http://127.0.0.1:9", "--management-url", "http://127.0.0.1:9",
                           "--upstream", "anthropic=https://127.0.0.1:9", "--upstream", "openai=https://127.0.0.1:9",
                           "--provider", "copilot", "--timeout", "5"},
                          o);
  INFO(r.out << r.err);
  CHECK(r.exit_code == 2);
  CHECK(r.out.empty());  // no report: nothing was judged
  CHECK(r.err.find("the copilot route (--provider copilot) has no target of its own") != std::string::npos);
  CHECK(r.err.find("--upstream copilot=URL") != std::string::npos);
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

TEST_CASE("route_deadline_share: each route an equal part of what is left, at least 1 ms", "[cli][routes]") {
  using std::chrono::milliseconds;
  CHECK(route_deadline_share(milliseconds(30000), milliseconds(0), 0, 3) == milliseconds(10000));
  // The second route shares what the first left, with the third.
  CHECK(route_deadline_share(milliseconds(30000), milliseconds(4000), 1, 3) == milliseconds(13000));
  CHECK(route_deadline_share(milliseconds(30000), milliseconds(29000), 2, 3) == milliseconds(1000));
  CHECK(route_deadline_share(milliseconds(5000), milliseconds(0), 0, 1) == milliseconds(5000));
  // A deadline already spent still leaves the route 1 ms (its checks then end as timeouts).
  CHECK(route_deadline_share(milliseconds(30000), milliseconds(31000), 1, 2) == milliseconds(1));
}

TEST_CASE("spec_for_route: its own provider row and PROVIDER=URL, never the first route's plain URLs",
          "[cli][routes]") {
  ChainFlags f;
  f.base_url = "http://127.0.0.1:9";
  f.upstream_url = "https://127.0.0.1:8";
  f.squid_url = "http://127.0.0.1:3128";
  f.base_url_for["openai"] = "http://127.0.0.1:2";
  f.home = "/nonexistent-awf-diag-home";
  f.timeout_s = 12;
  const EnvSnapshot env = env_of({{"OPENAI_BASE_URL", "http://127.0.0.1:5"}});
  SecretSet secrets;
  test::FakeIo io;
  const ChainSpec spec = spec_for_route(f, ProviderId::openai, env, secrets, io);
  CHECK(spec.base_url == "http://127.0.0.1:2");
  CHECK(spec.upstream_url != "https://127.0.0.1:8");
  CHECK(spec.squid_url == "http://127.0.0.1:3128");  // Squid is shared by every route
  CHECK(spec.timeout == std::chrono::milliseconds(12000));
  CHECK(route_of(spec.topology).id == ProviderId::openai);
  for (const auto& req : io.requests) CHECK(req.url.rfind("http://127.0.0.1:2/", 0) == 0);

  SECTION("without PROVIDER=URL the row's variables give the base URL") {
    f.base_url_for.clear();
    f.upstream_for["openai"] = "https://127.0.0.1:6";
    const ChainSpec s2 = spec_for_route(f, ProviderId::openai, env, secrets, io);
    CHECK(s2.base_url == "http://127.0.0.1:5");
    CHECK(s2.upstream_url == "https://127.0.0.1:6");
  }
  SECTION("an --env-file that cannot be read throws (the caller's usage error)") {
    f.env_file = "/nonexistent-awf-diag-dir/env";
    CHECK_THROWS(spec_for_route(f, ProviderId::openai, env, secrets, io));
  }
}

namespace {

RouteRun route_run(ProviderId p, std::vector<Check> checks) {
  RouteRun rr;
  rr.spec.topology.provider = p;
  rr.spec.base_url = "http://127.0.0.1:1";
  rr.checks = std::move(checks);
  Hypothesis h;
  h.id = std::string("H1[") + std::string(provider(p).name) + "]";
  rr.hypotheses.push_back(h);
  return rr;
}

}  // namespace

TEST_CASE("settle_judged_routes: a route that ran no check is not judged after all", "[cli][routes]") {
  RouteRunsResult r;
  r.runs.push_back(route_run(ProviderId::anthropic, {check("proxy.forward", "anthropic", Status::pass)}));
  r.runs.push_back(route_run(ProviderId::openai, {}));
  settle_judged_routes(r, {"anthropic", "openai", "copilot"}, {"gemini (GEMINI_API_KEY): --provider pins the run"});
  CHECK(r.judged_names == std::vector<std::string>{"anthropic"});
  REQUIRE(r.not_judged.size() == 3);
  CHECK(r.not_judged[0] == "gemini (GEMINI_API_KEY): --provider pins the run");
  CHECK(r.not_judged[1] == "openai: every check of its route was left out by --only/--skip");
  CHECK(r.not_judged[2] == "copilot: every check of its route was left out by --only/--skip");
  for (const auto& rr : r.runs) {
    CHECK(rr.spec.topology.routes == r.judged_names);
    CHECK(rr.spec.topology.routes_not_judged == r.not_judged);
  }
}

TEST_CASE("merge_route_runs: checks merged, hypotheses route by route, one run.routes entry per run",
          "[cli][routes]") {
  std::vector<RouteRun> runs;
  runs.push_back(route_run(ProviderId::anthropic, {check("proxy.forward", "anthropic", Status::pass)}));
  runs.push_back(route_run(ProviderId::openai, {check("proxy.forward", "openai", Status::fail)}));
  MergedRoutes m = merge_route_runs(std::move(runs));
  REQUIRE(m.checks.size() == 2);
  CHECK(m.checks[1].provider == "openai");
  REQUIRE(m.hypotheses.size() == 2);
  CHECK(m.hypotheses[0].id == "H1[anthropic]");
  CHECK(m.hypotheses[1].id == "H1[openai]");
  REQUIRE(m.route_specs.size() == 2);
  CHECK(m.route_specs[1]["provider"] == "openai");
  CHECK(m.route_specs[1]["spec"] == spec_json(route_run(ProviderId::openai, {}).spec));
  CHECK(m.route_specs[1]["spec"]["base_url"] == "http://127.0.0.1:1");
  CHECK(m.route_specs[1].contains("topology"));
}

// build_report rules, the JSON contract (round-trip, malformed input) and docs/report.schema.json.
#include <catch.hpp>

#include <algorithm>
#include <fstream>
#include <regex>
#include <stdexcept>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "report/report.hpp"
#include "report_fixtures.hpp"
#include "support/test_support.hpp"

using namespace awf;
using awf::test::find;
using awf::test::hyp;
using awf::test::mk;
using nlohmann::json;

TEST_CASE("healthy chain: all links pass, PASS, exit 0", "[report]") {
  auto r = build_report(test::healthy_checks(), {}, {{"duration_ms", 1234}});
  REQUIRE(r.links.size() == 5);
  for (Link l : kAllLinks) CHECK(r.links.at(l) == Status::pass);
  CHECK(r.summary.verdict == "PASS");
  CHECK(r.summary.failed_link == "none");
  CHECK_FALSE(r.summary.leading_cause);
  CHECK(r.exit_code == kExitOk);
  CHECK(r.summary.text == "PASS: all 14 checks passed.");
  CHECK(r.schema_version == 1);
}

TEST_CASE("proxy fails, dependents skipped: failed_link proxy, exit 1", "[report]") {
  auto r = build_report(test::proxy_fail_checks(), test::r01_hypotheses(), json::object());
  CHECK(r.links.at(Link::helper) == Status::pass);
  CHECK(r.links.at(Link::env) == Status::pass);
  CHECK(r.links.at(Link::proxy) == Status::fail);
  CHECK(r.links.at(Link::squid) == Status::pass);  // squid.connect passed, the rest skipped
  CHECK(r.links.at(Link::upstream) == Status::skip);
  CHECK(r.summary.verdict == "FAIL");
  CHECK(r.summary.failed_link == "proxy");
  CHECK(r.exit_code == kExitChainBroken);
  REQUIRE(r.summary.leading_cause == std::optional<std::string>("proxy-key-whitespace"));
  CHECK(r.summary.text ==
        "FAIL: the proxy link is broken — api-proxy reset the connection: no HTTP response (error_status null); "
        "leading cause: the api-proxy fails on its own injected key (trailing newline).");
}

TEST_CASE("failed_link is the first failing link in chain order, not in check order", "[report]") {
  std::vector<Check> v = {mk("upstream.auth", Link::upstream, Status::fail, "401"),
                          mk("env.base_url", Link::env, Status::fail, "ANTHROPIC_BASE_URL is unset"),
                          mk("helper.run", Link::helper, Status::error, "could not spawn")};
  auto r = build_report(v, {}, json::object());
  CHECK(r.summary.failed_link == "env");
  CHECK(r.links.at(Link::helper) == Status::error);
  CHECK(r.exit_code == kExitChainBroken);  // fail outranks error
  CHECK(r.summary.text == "FAIL: the env link is broken — ANTHROPIC_BASE_URL is unset.");
}

TEST_CASE("error only: ERROR, exit 3, failed_link none", "[report]") {
  auto v = test::healthy_checks();
  find(v, "helper.config")->status = Status::error;
  find(v, "helper.config")->summary = "cannot read /root/.claude/settings.json: permission denied";
  auto r = build_report(v, {}, json::object());
  CHECK(r.links.at(Link::helper) == Status::error);
  CHECK(r.summary.verdict == "ERROR");
  CHECK(r.summary.failed_link == "none");
  CHECK(r.exit_code == kExitCannotDiagnose);
  CHECK(r.summary.text ==
        "ERROR: 1 check could not run (helper.config: cannot read /root/.claude/settings.json: permission denied).");
}

TEST_CASE("warn only: WARN, exit 0 — skips do not count", "[report]") {
  auto v = test::healthy_checks();
  find(v, "squid.connect")->status = Status::warn;
  find(v, "squid.connect")->summary = "the agent's own side call was denied (TCP_DENIED 403).";
  find(v, "upstream.stream")->status = Status::skip;
  auto r = build_report(v, {}, json::object());
  CHECK(r.links.at(Link::squid) == Status::warn);
  CHECK(r.links.at(Link::upstream) == Status::pass);
  CHECK(r.summary.verdict == "WARN");
  CHECK(r.summary.failed_link == "none");
  CHECK(r.exit_code == kExitOk);
  CHECK(r.summary.text == "WARN: the chain works; 1 warning (squid.connect: the agent's own side call was denied "
                          "(TCP_DENIED 403)).");

  SECTION("all skipped in a link gives skip; PASS with skips") {
    std::vector<Check> s = {mk("helper.run", Link::helper, Status::pass), mk("squid.tls", Link::squid, Status::skip)};
    auto r2 = build_report(s, {}, json::object());
    CHECK(r2.links.at(Link::squid) == Status::skip);
    CHECK(r2.links.count(Link::proxy) == 0);  // only links that have checks
    CHECK(r2.summary.verdict == "PASS");
    CHECK(r2.exit_code == kExitOk);
    CHECK(r2.summary.text == "PASS: 1 check passed, 1 skipped.");
  }
}

TEST_CASE("leading_cause prefers a supported non-H1..H4 id, then H1..H4, else null", "[report]") {
  auto checks = test::proxy_fail_checks();
  auto lead = [&](std::vector<Hypothesis> h) { return build_report(checks, std::move(h), json::object()).summary.leading_cause; };
  CHECK(lead({hyp("H1", "supported"), hyp("H2", "refuted"), hyp("env-base-url-missing", "supported"),
              hyp("squid-dns-fail", "supported")}) == std::optional<std::string>("env-base-url-missing"));
  CHECK(lead({hyp("H3", "refuted"), hyp("H2", "supported"), hyp("H1", "supported"), hyp("H5", "inconclusive")}) ==
        std::optional<std::string>("H2"));
  CHECK(lead({hyp("H1", "refuted"), hyp("H6", "inconclusive"), hyp("H4", "not-applicable")}) == std::nullopt);
  CHECK(lead({}) == std::nullopt);
  // H10 is not one of the seed's four.
  CHECK(lead({hyp("H1", "supported"), hyp("H10", "supported")}) == std::optional<std::string>("H10"));
}

TEST_CASE("report JSON round-trips exactly", "[report]") {
  json run = {{"command", "awf-diag check"}, {"duration_ms", 1234}, {"spec", {{"squid", "172.30.0.10:3128"}}}};
  for (auto checks : {test::healthy_checks(), test::proxy_fail_checks()}) {
    auto r = build_report(checks, test::r01_hypotheses(), run);
    r.tool_version = "9.8.7";
    json doc = to_json(r);
    CHECK(doc["schema_version"] == 1);
    CHECK(doc["tool_version"] == "9.8.7");
    CHECK(doc["run"] == run);
    CHECK(doc["checks"].size() == checks.size());
    Report back = report_from_json(doc);
    CHECK(to_json(back) == doc);
    CHECK(json::parse(render_json(back)) == doc);
    CHECK(render_json(back) == render_json(r));
    test::spool_if_report(render_json(r));  // validated against docs/report.schema.json after the suite
  }
  auto r = build_report(test::proxy_fail_checks(), {}, json::object());
  CHECK(to_json(r)["summary"]["leading_cause"].is_null());
  CHECK(to_json(report_from_json(to_json(r))) == to_json(r));
}

TEST_CASE("render_json: pretty, indent 2, trailing newline, links in chain order", "[report]") {
  auto r = build_report(test::healthy_checks(), {}, json::object());
  std::string s = render_json(r);
  test::spool_if_report(s);
  REQUIRE(s.size() > 2);
  CHECK(s.back() == '\n');
  CHECK(s.rfind("{\n  \"schema_version\": 1,\n  \"tool_version\"", 0) == 0);
  auto pos = [&](const char* k) { return s.find(fmt::format("\"{}\": \"pass\"", k)); };
  CHECK(pos("helper") < pos("env"));
  CHECK(pos("env") < pos("proxy"));
  CHECK(pos("proxy") < pos("squid"));
  CHECK(pos("squid") < pos("upstream"));
}

namespace {
std::string error_of(const json& doc) {
  try {
    report_from_json(doc);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "(no exception)";
}
}  // namespace

TEST_CASE("report_from_json rejects malformed documents naming the field", "[report]") {
  const json good = to_json(build_report(test::proxy_fail_checks(), test::r01_hypotheses(), json::object()));
  auto with = [&](auto edit) {
    json d = good;
    edit(d);
    return error_of(d);
  };
  CHECK_THAT(with([](json& d) { d.erase("checks"); }), Catch::Contains("'checks'"));
  CHECK_THAT(with([](json& d) { d["checks"] = json::object(); }), Catch::Contains("'checks'"));
  CHECK_THAT(with([](json& d) { d["checks"][3]["status"] = "broken"; }), Catch::Contains("checks[3]"));
  CHECK_THAT(with([](json& d) { d["checks"][3]["status"] = "broken"; }), Catch::Contains("status"));
  CHECK_THAT(with([](json& d) { d["checks"][0].erase("id"); }), Catch::Contains("'id'"));
  CHECK_THAT(with([](json& d) { d["links"]["proxy"] = "broken"; }), Catch::Contains("'links.proxy'"));
  CHECK_THAT(with([](json& d) { d["links"]["dns"] = "pass"; }), Catch::Contains("'links.dns'"));
  CHECK_THAT(with([](json& d) { d["links"]["proxy"] = 4; }), Catch::Contains("'links.proxy'"));
  CHECK_THAT(with([](json& d) { d["schema_version"] = "1"; }), Catch::Contains("'schema_version'"));
  CHECK_THAT(with([](json& d) { d["schema_version"] = 2; }), Catch::Contains("'schema_version'"));
  CHECK_THAT(with([](json& d) { d["exit_code"] = 1.5; }), Catch::Contains("'exit_code'"));
  CHECK_THAT(with([](json& d) { d["tool_version"] = 1; }), Catch::Contains("'tool_version'"));
  CHECK_THAT(with([](json& d) { d["summary"] = "FAIL"; }), Catch::Contains("'summary'"));
  CHECK_THAT(with([](json& d) { d["summary"]["verdict"] = "fail"; }), Catch::Contains("'summary.verdict'"));
  CHECK_THAT(with([](json& d) { d["summary"]["failed_link"] = "dns"; }), Catch::Contains("'summary.failed_link'"));
  CHECK_THAT(with([](json& d) { d["summary"]["leading_cause"] = 5; }), Catch::Contains("'summary.leading_cause'"));
  CHECK_THAT(with([](json& d) { d["hypotheses"][4]["verdict"] = "maybe"; }), Catch::Contains("'hypotheses[4].verdict'"));
  CHECK_THAT(with([](json& d) { d["hypotheses"][0]["evidence"] = "proxy.forward"; }),
             Catch::Contains("'hypotheses[0].evidence'"));
  CHECK_THAT(with([](json& d) { d["run"] = json::array(); }), Catch::Contains("'run'"));
  CHECK(error_of(json::array()).find("not a JSON object") != std::string::npos);
  CHECK(error_of(good) == "(no exception)");
}

// ---- docs/report.schema.json ------------------------------------------------------------------
// No JSON Schema validator library is available; this checks the subset the schema uses:
// $ref (local), type, const, enum, required, properties, additionalProperties, items, pattern, minimum.
namespace {

json load_schema() {
  std::ifstream in(std::string(AWF_SOURCE_DIR) + "/docs/report.schema.json");
  REQUIRE(in.good());
  return json::parse(in);
}

bool has_type(const json& v, const std::string& t) {
  if (t == "object") return v.is_object();
  if (t == "array") return v.is_array();
  if (t == "string") return v.is_string();
  if (t == "integer") return v.is_number_integer();
  if (t == "number") return v.is_number();
  if (t == "boolean") return v.is_boolean();
  if (t == "null") return v.is_null();
  return false;
}

void validate(const json& root, const json& schema, const json& v, const std::string& path,
              std::vector<std::string>& errors) {
  if (auto ref = schema.find("$ref"); ref != schema.end()) {
    std::string p = ref->get<std::string>();
    REQUIRE(p.rfind("#/", 0) == 0);
    return validate(root, root.at(json::json_pointer(p.substr(1))), v, path, errors);
  }
  auto err = [&](const std::string& what) { errors.push_back(path + ": " + what); };
  if (auto t = schema.find("type"); t != schema.end()) {
    bool ok = false;
    for (const auto& one : t->is_array() ? *t : json::array({*t})) ok = ok || has_type(v, one.get<std::string>());
    if (!ok) return err("type is not " + t->dump());
  }
  if (auto c = schema.find("const"); c != schema.end() && *c != v) err("is not " + c->dump());
  if (auto e = schema.find("enum"); e != schema.end() && std::find(e->begin(), e->end(), v) == e->end())
    err(v.dump() + " not in " + e->dump());
  if (auto p = schema.find("pattern"); p != schema.end() && v.is_string() &&
                                       !std::regex_search(v.get<std::string>(), std::regex(p->get<std::string>())))
    err("does not match " + p->get<std::string>());
  if (auto m = schema.find("minimum"); m != schema.end() && v.is_number() && v.get<double>() < m->get<double>())
    err("below minimum");
  if (v.is_object()) {
    for (const auto& k : schema.value("required", json::array()))
      if (!v.contains(k.get<std::string>())) err("missing required " + k.get<std::string>());
    const json props = schema.value("properties", json::object());
    for (auto it = v.begin(); it != v.end(); ++it) {
      if (props.contains(it.key())) {
        validate(root, props[it.key()], it.value(), path + "." + it.key(), errors);
      } else if (auto ap = schema.find("additionalProperties"); ap != schema.end()) {
        if (ap->is_boolean() && !ap->get<bool>()) err("unexpected property " + it.key());
        if (ap->is_object()) validate(root, *ap, it.value(), path + "." + it.key(), errors);
      }
    }
  }
  if (v.is_array())
    if (auto items = schema.find("items"); items != schema.end())
      for (std::size_t i = 0; i < v.size(); ++i) validate(root, *items, v[i], fmt::format("{}[{}]", path, i), errors);
}

}  // namespace

TEST_CASE("produced documents satisfy docs/report.schema.json", "[report]") {
  const json schema = load_schema();
  CHECK(schema["$schema"] == "https://json-schema.org/draft/2020-12/schema");
  const json run = {{"duration_ms", 1234}};
  auto warn = test::healthy_checks();
  find(warn, "squid.connect")->status = Status::warn;
  auto err = test::healthy_checks();
  find(err, "helper.config")->status = Status::error;
  for (const auto& checks : {test::healthy_checks(), test::proxy_fail_checks(), warn, err}) {
    const json doc = to_json(build_report(checks, test::r01_hypotheses(), run));
    for (const auto& k : schema.at("required")) CHECK(doc.contains(k.get<std::string>()));
    std::vector<std::string> errors;
    validate(schema, schema, doc, "$", errors);
    INFO(fmt::format("{}", fmt::join(errors, "\n")));
    CHECK(errors.empty());
  }
  // The checker itself catches a broken document.
  json bad = to_json(build_report(test::healthy_checks(), {}, run));
  bad["summary"].erase("verdict");
  bad["checks"][0]["status"] = "ok";
  std::vector<std::string> errors;
  validate(schema, schema, bad, "$", errors);
  CHECK(errors.size() == 2);
}

TEST_CASE("build_run_report: hypotheses, verdict and --fail-on decided in one place", "[report][fail-on]") {
  std::vector<Check> v = test::healthy_checks();
  test::find(v, "env.base_url")->status = Status::warn;
  Report plain = build_run_report(v, json::object(), FailOn::fail);
  CHECK(plain.summary.verdict == "WARN");
  CHECK(plain.exit_code == kExitOk);
  CHECK(plain.run["fail_on"] == "fail");
  REQUIRE(plain.hypotheses.size() >= 4);
  CHECK(plain.hypotheses[0].id == "H1");
  Report strict = build_run_report(v, json::object(), FailOn::warn);
  CHECK(strict.summary.verdict == "WARN");
  CHECK(strict.exit_code == kExitChainBroken);
  CHECK(strict.run["fail_on"] == "warn");
  // A re-render of the saved document applies the recorded policy the same way.
  Report again = report_from_json(to_json(strict));
  CHECK(build_report(again.checks, again.hypotheses, again.run).exit_code == kExitChainBroken);
  // --fail-on never lowers a failure or an error.
  test::find(v, "proxy.forward")->status = Status::error;
  CHECK(build_run_report(v, json::object(), FailOn::warn).exit_code == kExitCannotDiagnose);
  CHECK(fail_on_from_string("warn") == FailOn::warn);
  CHECK_FALSE(fail_on_from_string("skip"));
}

TEST_CASE("redact_report masks secrets in every free-text field, in place", "[report][redact]") {
  SecretSet secrets;
  const std::string key = "test-real-anthropic-key-0001";
  secrets.add(key);
  std::vector<Check> v = test::healthy_checks();
  Check& c = *test::find(v, "helper.run");
  c.summary = "printed " + key;
  c.hint = "rotate " + key;
  c.evidence = {{"stdout", key}, {"nested", {{"value", key}}}};  // values only: keys are never rewritten (issue 8 item 4)
  c.skip_reason = key;
  Report r = build_report(v, {Hypothesis{"H2", key, "refuted", "s " + key, {}, "h " + key, ""}}, {{"cmd", key}});
  redact_report(r, secrets);
  const std::string doc = to_json(r).dump();
  CHECK(doc.find(key) == std::string::npos);
  CHECK(doc.find("[redacted len=28") != std::string::npos);
}

TEST_CASE("green needs the upstream's acceptance: one rule in build_run_report", "[report][green-rule]") {
  SECTION("healthy: the provider's answer on the route keeps PASS") {
    Report r = build_run_report(test::healthy_checks(), json::object(), FailOn::fail);
    CHECK(r.summary.verdict == "PASS");
    CHECK(r.exit_code == kExitOk);
  }
  // Every answer that is not the provider's, and no answer, on a run whose checks all passed or warned.
  for (Origin o : {Origin::api_proxy, Origin::squid, Origin::unknown, Origin::none}) {
    std::vector<Check> v = test::healthy_checks();
    Exchange& e = *test::find(v, "proxy.forward")->obs.exchange;
    e.origin = o;
    e.complete = o != Origin::none;
    e.http_status = o == Origin::none ? std::optional<int>() : 502;
    test::find(v, "squid.tls")->status = Status::warn;
    Report r = build_run_report(v, json::object(), FailOn::fail);
    INFO(static_cast<int>(o));
    CHECK(r.summary.verdict == "FAIL");
    CHECK(r.exit_code == kExitChainBroken);
    CHECK(r.summary.failed_link == "upstream");
    const Check* a = nullptr;
    for (const auto& c : r.checks)
      if (c.id == "upstream.auth") a = &c;
    REQUIRE(a);
    CHECK(a->fault == FaultId::upstream_acceptance_unseen);
    CHECK(a->evidence["fault"] == "upstream-acceptance-unseen");
  }
  SECTION("the words follow the topology: the client's credential at a gateway, never an injected one") {
    std::vector<Check> v = test::healthy_checks();
    Check mode;
    mode.id = "topology.mode";
    mode.link = Link::env;
    mode.status = Status::pass;
    mode.evidence = {{"mode", "gateway"}, {"undecided", false}};
    v.insert(v.begin(), mode);
    test::find(v, "proxy.forward")->obs.exchange->origin = Origin::api_proxy;
    Report r = build_run_report(v, json::object(), FailOn::fail);
    CHECK(r.summary.verdict == "FAIL");
    for (const auto& c : r.checks)
      if (c.id == "upstream.auth") {
        CHECK(c.summary.find("showed the credential the client sends to the gateway accepted") != std::string::npos);
        CHECK(c.summary.find("injected") == std::string::npos);
      }
  }
  SECTION("upstream.auth skipped while everything else passed: FAIL") {
    std::vector<Check> v = test::healthy_checks();
    test::find(v, "upstream.auth")->status = Status::skip;
    CHECK(build_run_report(v, json::object(), FailOn::fail).summary.verdict == "FAIL");
  }
  SECTION("no proxy.forward exchange recorded: FAIL") {
    std::vector<Check> v = test::healthy_checks();
    test::find(v, "proxy.forward")->obs.exchange.reset();
    CHECK(build_run_report(v, json::object(), FailOn::fail).summary.verdict == "FAIL");
  }
  SECTION("a partial run without upstream.auth (probe squid) is left alone") {
    std::vector<Check> v = test::healthy_checks();
    v.erase(std::remove_if(v.begin(), v.end(), [](const Check& c) { return c.link == Link::upstream; }), v.end());
    test::find(v, "proxy.forward")->obs.exchange.reset();
    CHECK(build_run_report(v, json::object(), FailOn::fail).summary.verdict == "PASS");
  }
  SECTION("check-chain whose selection left out every request on the route: inconclusive, exit 3 (F8)") {
    // --skip 'upstream.*' --skip 'squid.*' on a direct route (proxy.* not applicable, skipped), and
    // --skip 'upstream.*' --skip 'proxy.forward' on an awf route: the second example of the kind.
    for (const char* variant : {"direct, upstream and squid skipped", "awf, upstream and proxy.forward skipped"}) {
      INFO(variant);
      const bool direct = std::string(variant).rfind("direct", 0) == 0;
      std::vector<Check> v = test::healthy_checks();
      v.erase(std::remove_if(v.begin(), v.end(),
                             [&](const Check& c) {
                               return c.link == Link::upstream || (direct && c.link == Link::squid) ||
                                      (!direct && c.id == "proxy.forward");
                             }),
              v.end());
      if (direct)
        for (auto& c : v)
          if (c.link == Link::proxy) {
            c.status = Status::skip;
            c.obs.exchange.reset();
          }
      Report same = build_run_report(v, json::object(), FailOn::fail);  // probe proxy/env: left alone
      CHECK(same.summary.verdict == "PASS");
      Report r = build_run_report(v, json::object(), FailOn::fail, {}, /*upstream_in_scope=*/true);
      CHECK(r.summary.verdict == "ERROR");
      CHECK(r.exit_code == kExitCannotDiagnose);
      const Check* a = nullptr;
      for (const auto& c : r.checks)
        if (c.id == "upstream.auth") a = &c;
      REQUIRE(a);
      CHECK(a->status == Status::error);
      CHECK(a->summary.find("no request on the client's route was sent") != std::string::npos);
      CHECK(r.summary.text.find("upstream.auth") != std::string::npos);
    }
  }
  SECTION("check-chain narrowed to helper.* and env.* asks what probe env asks: left alone (F8)") {
    std::vector<Check> v = test::healthy_checks();
    v.erase(std::remove_if(v.begin(), v.end(),
                           [](const Check& c) { return c.link != Link::env && c.link != Link::helper; }),
            v.end());
    REQUIRE_FALSE(v.empty());
    CHECK(build_run_report(v, json::object(), FailOn::fail, {}, true).summary.verdict == "PASS");
  }
  SECTION("probe proxy (no upstream.auth) whose forward got the provider's 401: upstream.auth added, FAIL") {
    std::vector<Check> v = test::healthy_checks();
    v.erase(std::remove_if(v.begin(), v.end(), [](const Check& c) { return c.link == Link::upstream; }), v.end());
    Exchange& e = *test::find(v, "proxy.forward")->obs.exchange;
    e.http_status = 401;
    e.error_type = "authentication_error";
    Report r = build_run_report(v, json::object(), FailOn::fail);
    CHECK(r.summary.verdict == "FAIL");
    CHECK(r.summary.failed_link == "upstream");
    const Check* a = nullptr;
    for (const auto& c : r.checks)
      if (c.id == "upstream.auth") a = &c;
    REQUIRE(a);
    CHECK(a->status == Status::fail);
    CHECK(a->evidence["not_selected"] == true);
    CHECK(a->summary.find("not selected in this run") != std::string::npos);
  }
  SECTION("probe proxy whose forward was accepted stays PASS, with no check added") {
    std::vector<Check> v = test::healthy_checks();
    v.erase(std::remove_if(v.begin(), v.end(), [](const Check& c) { return c.link == Link::upstream; }), v.end());
    const std::size_t n = v.size();
    Report r = build_run_report(v, json::object(), FailOn::fail);
    CHECK(r.summary.verdict == "PASS");
    CHECK(r.checks.size() == n);
  }
  SECTION("the provider's 529 overload on the route is its capacity answer, judged like 429: WARN (F11)") {
    std::vector<Check> v = test::healthy_checks();
    Exchange& e = *test::find(v, "proxy.forward")->obs.exchange;
    e.http_status = 529;
    e.error_type = "overloaded_error";
    test::find(v, "upstream.auth")->status = Status::warn;
    Report r = build_run_report(v, json::object(), FailOn::fail);
    CHECK(r.summary.verdict == "WARN");
    CHECK(r.summary.failed_link == "none");
  }
  SECTION("another 5xx from the provider says nothing about the key: FAIL") {
    std::vector<Check> v = test::healthy_checks();
    Exchange& e = *test::find(v, "proxy.forward")->obs.exchange;
    e.http_status = 503;
    e.error_type = "api_error";
    test::find(v, "upstream.auth")->status = Status::warn;
    Report r = build_run_report(v, json::object(), FailOn::fail);
    CHECK(r.summary.verdict == "FAIL");
    CHECK(r.summary.failed_link == "upstream");
  }
  SECTION("an existing failure or error is not rewritten") {
    std::vector<Check> v = test::proxy_fail_checks();
    Report r = build_run_report(v, json::object(), FailOn::fail);
    CHECK(r.summary.failed_link == "proxy");
    for (const auto& c : r.checks)
      if (c.id == "upstream.auth") CHECK(c.status == Status::skip);
  }
}

TEST_CASE("an interrupted run: finished checks stay, the summary names the signal, exit 3 (F9)", "[report]") {
  std::vector<Check> v = {mk("env.api_key", Link::env, Status::warn, "ANTHROPIC_API_KEY set in the agent"),
                          mk("env.base_url", Link::env, Status::fail, "ANTHROPIC_BASE_URL ends in /v1"),
                          mk("proxy.forward", Link::proxy, Status::error, "interrupted by SIGTERM while this check ran")};
  v.back().evidence = {{"interrupted_by", "SIGTERM"}};
  Report r = build_report(v, {}, json{{"interrupted_by", "SIGTERM"}});
  CHECK(r.checks.size() == 3);
  CHECK(r.summary.verdict == "ERROR");
  CHECK(r.exit_code == kExitCannotDiagnose);  // whatever failed before, an interrupted run exits 3
  CHECK(r.summary.text.rfind("ERROR: interrupted by SIGTERM: 2 checks finished, 1 did not", 0) == 0);
  CHECK(r.summary.text.find("env.base_url") != std::string::npos);
  // Every check interrupted (a signal during the topology stage): said so, never "no check was selected".
  std::vector<Check> none = {mk("env.api_key", Link::env, Status::error, "interrupted by SIGHUP before this check started")};
  none.back().evidence = {{"interrupted_by", "SIGHUP"}};
  Report n = build_report(none, {}, json{{"interrupted_by", "SIGHUP"}});
  CHECK(n.summary.text == "ERROR: interrupted by SIGHUP before any check finished (1 check did not run to the end).");
  CHECK(n.exit_code == kExitCannotDiagnose);
  // A saved interrupted report re-rendered keeps the same verdict.
  CHECK(build_report(report_from_json(to_json(r)).checks, {}, json{{"interrupted_by", "SIGTERM"}}).exit_code ==
        kExitCannotDiagnose);
}

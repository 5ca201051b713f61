#include <catch.hpp>

#include "logs/case_logs.hpp"
#include "logs/correlate.hpp"
#include "logs/squid_audit.hpp"

using namespace awf::logs;

TEST_CASE("audit.jsonl ISO variant and ts variant give the same entry", "[logs][squid_audit]") {
  AuditVariant v{};
  auto iso = parse_audit_line(
      R"({"_schema":"audit/v0.28.4","timestamp":"2026-11-29T10:00:00.810Z","event":"http_access","client":"172.30.0.20","host":"api.anthropic.com:443","dest":"-:-","method":"CONNECT","status":403,"decision":"TCP_DENIED","url":"api.anthropic.com:443"})",
      &v);
  REQUIRE(iso);
  CHECK(v == AuditVariant::iso_timestamp);
  auto ts = parse_audit_line(
      R"({"ts":1795946400.810,"client":"172.30.0.20","host":"api.anthropic.com:443","dest":"-:-","method":"CONNECT","status":403,"decision":"TCP_DENIED","url":"api.anthropic.com:443"})",
      &v);
  REQUIRE(ts);
  CHECK(v == AuditVariant::ts_float);
  CHECK(iso->ts_ms == 1795946400810);
  CHECK(ts->ts_ms == 1795946400810);
  CHECK(iso->client_ip == ts->client_ip);
  CHECK(iso->result == "TCP_DENIED");
  CHECK(iso->hierarchy.empty());
  CHECK(iso->dest == "-:-");
}

TEST_CASE("audit.jsonl is read leniently: Squid does not JSON-escape", "[logs][squid_audit]") {
  auto e = parse_audit_line(
      R"({"ts":1795946400.810,"client":"172.30.0.20","host":"we"ird\host:443","dest":"-:-","method":"CONNECT","status":403,"decision":"TCP_DENIED","url":"we"ird\host:443"})");
  REQUIRE(e);
  CHECK(e->host == "we\"ird\\host:443");
  CHECK(e->status == 403);
  bool other = false;
  CHECK_FALSE(parse_audit_line(R"({"timestamp":"2026-11-29T10:00:00Z","event":"policy_reload"})", nullptr, &other));
  CHECK(other);
  CHECK_FALSE(parse_audit_line(R"({"ts":1795946400.810,"client":"172.30.0.20"})"));
  CHECK_FALSE(parse_audit_line(R"({"client":"x","method":"CONNECT","status":200,"decision":"TCP_TUNNEL"})"));  // no time
  CHECK_FALSE(parse_audit_line("not json"));
}

TEST_CASE("R16 legacy ts-only audit.jsonl: same facts as its access.log", "[logs][squid_audit][cases]") {
  auto legacy = awf::test::case_facts("R16", "legacy-audit-jsonl-only");
  REQUIRE(legacy.sources.size() >= 1);
  CHECK(legacy.sources.front().format == LogFormat::squid_audit_jsonl);
  CHECK(legacy.audit_ts_lines == 4);
  CHECK(legacy.audit_iso_lines == 0);
  auto c = correlate(legacy, LogOptions{});
  CHECK(c.squid_source == "audit_jsonl");
  CHECK(c.agent.denied == 1);
  CHECK(c.sidecar.established == 3);

  auto main = awf::test::case_facts("R16");
  CHECK(main.audit_iso_lines == 4);
  CHECK(main.audit.entries() == main.access.entries());  // kept apart, never summed
}

TEST_CASE("R14 audit.jsonl: 503 TCP_TUNNEL with dest -:- is no upstream", "[logs][squid_audit][cases]") {
  LogFacts f;
  read_text(awf::test::case_field("R14", "", "setup.squid.audit_jsonl"), "audit.jsonl", f);
  REQUIRE(f.audit.rows().size() == 1);
  CHECK(f.audit.rows()[0].outcome == TunnelOutcome::no_upstream);
  CHECK(f.audit.rows()[0].count == 2);
}

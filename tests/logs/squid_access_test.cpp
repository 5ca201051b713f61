#include <catch.hpp>

#include "logs/case_logs.hpp"
#include "logs/correlate.hpp"
#include "logs/squid_access.hpp"

using namespace awf::logs;

namespace {

const TrafficRow* row(const SquidTraffic& t, const std::string& client, const std::string& result, int status) {
  for (const auto& r : t.rows())
    if (r.client_ip == client && r.result == result && r.status == status) return &r;
  return nullptr;
}

}  // namespace

TEST_CASE("firewall_detailed line: every field (domain.md §5 example)", "[logs][squid_access]") {
  LogFormat f{};
  auto e = parse_access_line(
      "1795946401.500 172.30.0.30:38810 api.anthropic.com:443 203.0.113.10:443 1.1 CONNECT 200 "
      "TCP_TUNNEL:HIER_DIRECT api.anthropic.com:443 \"-\"", &f);
  REQUIRE(e);
  CHECK(f == LogFormat::squid_access_detailed);
  CHECK(e->ts_ms == 1795946401500);
  CHECK(e->client_ip == "172.30.0.30");
  CHECK(e->host == "api.anthropic.com:443");
  CHECK(e->dest == "203.0.113.10:443");
  CHECK(e->method == "CONNECT");
  CHECK(e->status == 200);
  CHECK(e->result == "TCP_TUNNEL");
  CHECK(e->hierarchy == "HIER_DIRECT");
  CHECK(e->elapsed_ms == -1);
}

TEST_CASE("native line: elapsed, result/status, hierarchy/peer", "[logs][squid_access]") {
  LogFormat f{};
  auto e = parse_access_line("1795946430.012  30004 172.30.0.30 TCP_TUNNEL/503 0 CONNECT api.githubcopilot.com:443 - HIER_NONE/- -", &f);
  REQUIRE(e);
  CHECK(f == LogFormat::squid_access_native);
  CHECK(e->elapsed_ms == 30004);
  CHECK(e->status == 503);
  CHECK(e->result == "TCP_TUNNEL");
  CHECK(e->hierarchy == "HIER_NONE");
  CHECK(e->dest == "-");
  CHECK(e->host == "api.githubcopilot.com:443");
  auto g = parse_access_line("1795981059.862      0 127.0.0.1 TCP_MISS/502 3410 GET http://api.anthropic.com/x - HIER_NONE/- text/html");
  REQUIRE(g);
  CHECK(g->host == "api.anthropic.com");
}

TEST_CASE("lines of neither shape are refused", "[logs][squid_access]") {
  CHECK_FALSE(parse_access_line(""));
  CHECK_FALSE(parse_access_line("hello world this is not a squid log line at all"));
  CHECK_FALSE(parse_access_line("1795946401.500 172.30.0.30:38810 api.anthropic.com:443"));
  CHECK_FALSE(parse_access_line("1795946401.500 172.30.0.30:38810 h d 1.1 CONNECT abc TCP_TUNNEL:HIER_DIRECT u \"-\""));
  CHECK_FALSE(parse_access_line("1795946401.500 12 172.30.0.30 TCP_TUNNEL-200 0 CONNECT h:443 - HIER_NONE/- -"));
}

TEST_CASE("R01 main: 4 allowed tunnels, all from the agent, none from the sidecar", "[logs][squid_access][cases]") {
  auto f = awf::test::case_facts("R01");
  REQUIRE(f.sources.front().format == LogFormat::squid_access_detailed);
  auto c = correlate(f, LogOptions{});
  CHECK(c.agent.established == 4);
  CHECK(c.sidecar.total() == 0);
  CHECK(c.attempts.sidecar_connects == 0);
  CHECK(c.attempts.client_attempts == 11);
  CHECK(c.attempts.relation == CountRelation::fewer_connects);
}

TEST_CASE("R01 sidecar-tunnels: 4 sidecar tunnels established, fewer than 11 attempts", "[logs][squid_access][cases]") {
  auto f = awf::test::case_facts("R01", "sidecar-tunnels");
  auto c = correlate(f, LogOptions{});
  CHECK(c.sidecar.established == 4);
  CHECK(c.agent.total() == 0);
  CHECK(c.attempts.sidecar_established == 4);
  // The R01 api-proxy log is present (a crash line) and shows no start-up validation (v0.25.4).
  REQUIRE(c.attempts.startup_validation_connects);
  CHECK(*c.attempts.startup_validation_connects == 0);
  CHECK(c.attempts.relation == CountRelation::fewer_connects);
}

TEST_CASE("misreading 1: 503 TCP_TUNNEL:HIER_NONE from the sidecar is a failed tunnel, not allowed", "[logs][squid_access][cases]") {
  for (const char* variant : {"", "native-log-format"}) {
    auto f = awf::test::case_facts("R14", variant);
    auto c = correlate(f, LogOptions{});
    INFO(variant);
    CHECK(c.sidecar.established == 0);
    CHECK(c.sidecar.no_upstream == 2);
    REQUIRE(c.failed_tunnels.size() == 1);
    CHECK(c.failed_tunnels[0].status == 503);
    CHECK(c.failed_tunnels[0].result == "TCP_TUNNEL");
    CHECK(c.failed_tunnels[0].hierarchy == "HIER_NONE");
    CHECK(c.failed_tunnels[0].host == "api.githubcopilot.com:443");
    CHECK_FALSE(c.failed_tunnels[0].upstream_connected);
  }
  auto native = awf::test::case_facts("R14", "native-log-format");
  CHECK(native.access_native_lines == 2);
  CHECK(native.access.rows()[0].max_elapsed_ms == 30004);
}

TEST_CASE("misreading 2: the agent's denied CONNECT 172.30.0.30:10001 is a sidecar-address denial", "[logs][squid_access]") {
  LogFacts f;
  read_text("1795946401.004 172.30.0.20:43452 172.30.0.30:10001 -:- 1.1 CONNECT 403 TCP_DENIED:HIER_NONE 172.30.0.30:10001 \"-\"\n"
            "1795946401.031 172.30.0.20:43460 172.30.0.30:10001 -:- 1.1 CONNECT 403 TCP_DENIED:HIER_NONE 172.30.0.30:10001 \"-\"\n",
            "access.log", f);
  auto c = correlate(f, LogOptions{});
  REQUIRE(c.sidecar_address_denials.size() == 1);
  CHECK(c.sidecar_address_denials[0].client_ip == "172.30.0.20");
  CHECK(c.sidecar_address_denials[0].authority == "172.30.0.30:10001");
  CHECK_FALSE(c.sidecar_address_denials[0].hostname_form);
  CHECK(c.sidecar_address_denials[0].count == 2);
  CHECK(c.agent.denied == 2);
}

TEST_CASE("R13 (both formats): the agent's CONNECT api-proxy:10001 denied 4 times, by hostname", "[logs][squid_access][cases]") {
  for (const char* variant : {"", "native-log-format"}) {
    INFO(variant);
    auto f = awf::test::case_facts("R13", variant);
    auto c = correlate(f, LogOptions{});
    REQUIRE(c.sidecar_address_denials.size() == 1);
    CHECK(c.sidecar_address_denials[0].authority == "api-proxy:10001");
    CHECK(c.sidecar_address_denials[0].hostname_form);
    CHECK(c.sidecar_address_denials[0].count == 4);
    CHECK(c.sidecar.established == 1);  // the start-up key validation
    REQUIRE(c.attempts.startup_validation_connects);
    CHECK(*c.attempts.startup_validation_connects == 1);
    CHECK(c.attempts.for_requests_max == 0);
    CHECK(c.attempts.client_attempts == 3);
  }
}

TEST_CASE("R16: one agent denial for api.anthropic.com — sidecar tunnels consistent with attempts", "[logs][squid_access][cases]") {
  auto f = awf::test::case_facts("R16");
  auto c = correlate(f, LogOptions{});
  CHECK(c.squid_source == "access_log");
  CHECK(c.agent.denied == 1);
  CHECK(c.sidecar.established == 3);
  CHECK(c.sidecar_address_denials.empty());
  const TrafficRow* d = row(f.access, "172.30.0.20", "TCP_DENIED", 403);
  REQUIRE(d);
  CHECK(d->host == "api.anthropic.com:443");
  CHECK(c.attempts.startup_validation_connects == std::optional<std::uint64_t>(1));
  CHECK(c.attempts.for_requests_min == 2);
  CHECK(c.attempts.client_attempts == 1);
  CHECK(c.attempts.relation == CountRelation::consistent);
}

TEST_CASE("R28: 500 NONE_NONE:HIER_NONE CONNECTs are failed tunnels (no upstream)", "[logs][squid_access][cases]") {
  auto f = awf::test::case_facts("R28");
  auto c = correlate(f, LogOptions{});
  CHECK(c.sidecar.no_upstream == 2);
  CHECK(c.sidecar.established == 0);
  auto lab = correlate(awf::test::case_facts("R28", "claude-code-lab"), LogOptions{});
  CHECK(lab.agent.no_upstream == 1);
  CHECK(lab.sidecar.no_upstream == 1);
  auto ok = correlate(awf::test::case_facts("R28", "parent-reachable-control"), LogOptions{});
  CHECK(ok.sidecar.established == 1);
  CHECK(ok.failed_tunnels.empty());
}

TEST_CASE("addresses are parameters: other labels change the roles", "[logs][squid_access]") {
  auto f = awf::test::case_facts("R16");
  LogOptions o;
  o.agent_ip = "10.1.0.5";
  o.proxy_ip = "172.30.0.20";
  auto c = correlate(f, o);
  CHECK(c.sidecar.denied == 1);   // 172.30.0.20 is now the sidecar label
  CHECK(c.other.established == 3);
}

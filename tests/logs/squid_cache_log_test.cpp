#include <catch.hpp>

#include "logs/case_logs.hpp"
#include "logs/correlate.hpp"
#include "logs/read_source.hpp"

using namespace awf::logs;

namespace {
// Lines a real Squid 5.7 wrote with `cache_peer 127.0.0.1 parent 39999 0 no-query default` and
// `never_direct allow all` (nothing listening on 39999), plus the FATAL/assertion/restart shapes.
constexpr const char* kCacheLog =
    "2026/11/29 19:37:37| Set Current Directory to /tmp/sq\n"
    "2026/11/29 19:37:37| Starting Squid Cache version 5.7 for x86_64-pc-linux-gnu...\n"
    "2026/11/29 19:37:37| Adding nameserver 10.255.255.53 from /etc/resolv.conf\n"
    "2026/11/29 19:37:37| Configuring Parent 127.0.0.1/39999/0\n"
    "2026/11/29 19:37:37| Accepting HTTP Socket connections at conn3 local=127.0.0.1:39128 remote=[::] FD 12 flags=9\n"
    "2026/11/29 19:38:01 kid1| TCP connection to 127.0.0.1/39999 failed\n"
    "2026/11/29 19:38:02 kid1| Detected DEAD Parent: 127.0.0.1\n"
    "2026/11/29 19:38:03 kid1| Warning: Could not find any nameservers. Trying to use localhost\n"
    "2026/11/29 19:38:04 kid1| assertion failed: comm.cc:1234: \"isOpen(fd)\"\n"
    "2026/11/29 19:38:05| Squid Parent: squid-1 process 7441 exited due to signal 6 with status 0\n"
    "2026/11/29 19:38:06| FATAL: Bungled squid.conf line 12: cache_peer\n"
    "    continuation text after a fatal\n";
}  // namespace

TEST_CASE("cache.log: parents, peer failures, DNS, assertion with file:line, restarts, FATAL", "[logs][squid_cache]") {
  LogFacts f;
  const auto& s = read_text(kCacheLog, "cache.log", f);
  CHECK(s.format == LogFormat::squid_cache_log);
  CHECK(s.lines_read == 12);
  CHECK(s.lines_unparsed == 0);
  const auto& c = f.cache_log;
  CHECK(c.starts == 1);
  CHECK(c.version == "5.7");
  REQUIRE(c.peers_configured.size() == 1);
  CHECK(c.peers_configured[0].kind == "Parent");
  CHECK(c.peers_configured[0].host == "127.0.0.1");
  CHECK(c.peers_configured[0].http_port == 39999);
  CHECK(c.peer_failures == 2);
  CHECK(c.dns_problems == 1);
  REQUIRE(c.assertions.size() == 1);
  CHECK(c.assertions[0].file == "comm.cc");
  CHECK(c.assertions[0].line == 1234);
  CHECK(c.kid_deaths == 1);
  CHECK(c.fatal_count == 1);
  CHECK(c.fatal[0].where.line == 11);
}

TEST_CASE("R28: cache.log parent on 3128 + squid.conf never_direct give ERR_CANNOT_FORWARD its context", "[logs][squid_cache][cases]") {
  auto f = awf::test::case_facts("R28");
  read_text("cache_peer proxy.corp.example.test parent 3128 0 no-query default\nnever_direct allow all\n", "squid.conf", f);
  read_text("HTTP/1.1 500 Internal Server Error\nX-Squid-Error: ERR_CANNOT_FORWARD 0\n", "agent.log", f);
  auto c = correlate(f, LogOptions{});
  REQUIRE(c.forwarding.parents_cache_log.size() == 1);
  CHECK(c.forwarding.parents_cache_log[0] == "proxy.corp.example.test:3128");
  REQUIRE(c.forwarding.parents_conf.size() == 1);
  CHECK(c.forwarding.parents_conf[0] == "proxy.corp.example.test:3128");
  CHECK(c.forwarding.never_direct_allow_all);
  CHECK(c.forwarding.err_cannot_forward == 1);
  CHECK(c.forwarding.err_dns_fail == 0);
}

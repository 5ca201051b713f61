#include <catch.hpp>

#include "logs/read_source.hpp"

using namespace awf::logs;

TEST_CASE("squid.conf: cache_peer, never_direct, ACLs in order, dns_nameservers", "[logs][squid_conf]") {
  LogFacts f;
  const auto& s = read_text(
      "# awf squid.conf\n"
      "http_port 3128\n"
      "acl allowed_domains dstdomain .api.anthropic.com .github.com\n"
      "acl from_api_proxy src 172.30.0.30/32\n"
      "acl allow_api_proxy_ip dst 172.30.0.30\n"
      "acl Safe_ports port 80 443 10000-10004\n"
      "http_access deny !Safe_ports\n"
      "http_access allow allow_api_proxy_ip\n"
      "http_access allow from_api_proxy\n"
      "http_access deny !allowed_domains\n"
      "cache_peer proxy.corp.example.test parent 3128 0 no-query default login=user:hunter2secret\n"
      "never_direct allow all\n"
      "dns_nameservers 8.8.8.8 8.8.4.4\n"
      "connect_timeout 30 seconds\n"
      "@@@ not a directive\n",
      "squid.conf", f);
  CHECK(s.format == LogFormat::squid_conf);
  CHECK(s.lines_unparsed == 1);
  CHECK(s.first_unparsed_line == 15);
  const auto& q = f.squid_conf;
  REQUIRE(q.cache_peers.size() == 1);
  CHECK(q.cache_peers[0].host == "proxy.corp.example.test");
  CHECK(q.cache_peers[0].type == "parent");
  CHECK(q.cache_peers[0].http_port == 3128);
  CHECK(q.cache_peers[0].options == std::vector<std::string>{"no-query", "default", "login="});
  REQUIRE(q.direct_rules.size() == 1);
  CHECK(q.direct_rules[0].directive == "never_direct");
  CHECK(q.direct_rules[0].acls == std::vector<std::string>{"all"});
  REQUIRE(q.http_access.size() == 4);
  CHECK(q.http_access[0].action == "deny");
  CHECK(q.http_access[0].acls == std::vector<std::string>{"!Safe_ports"});
  REQUIRE(q.acls.size() == 4);
  CHECK(q.acls[0].values == std::vector<std::string>{".api.anthropic.com", ".github.com"});
  CHECK(q.acls[1].name == "from_api_proxy");
  CHECK(q.dns_nameservers == std::vector<std::string>{"8.8.8.8", "8.8.4.4"});
  CHECK(q.http_ports == std::vector<std::string>{"3128"});
}

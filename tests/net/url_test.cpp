// parse_url (libcurl URL API).
#include <catch.hpp>

#include "net/http.hpp"

TEST_CASE("parse_url: https with default port and a path", "[net]") {
  auto u = awf::parse_url("https://api.anthropic.com/v1/messages");
  REQUIRE(u.ok);
  CHECK(u.error.empty());
  CHECK(u.scheme == "https");
  CHECK(u.host == "api.anthropic.com");
  CHECK(u.port == 443);
  CHECK_FALSE(u.explicit_port);
  CHECK(u.path == "/v1/messages");
  CHECK(u.query.empty());
}

TEST_CASE("parse_url: http default port, empty path becomes /", "[net]") {
  auto u = awf::parse_url("http://api-proxy");
  REQUIRE(u.ok);
  CHECK(u.scheme == "http");
  CHECK(u.host == "api-proxy");
  CHECK(u.port == 80);
  CHECK_FALSE(u.explicit_port);
  CHECK(u.path == "/");
}

TEST_CASE("parse_url: explicit ports", "[net]") {
  auto u = awf::parse_url("http://127.0.0.1:3128");
  REQUIRE(u.ok);
  CHECK(u.host == "127.0.0.1");
  CHECK(u.port == 3128);
  CHECK(u.explicit_port);
  CHECK(u.path == "/");

  auto v = awf::parse_url("http://172.30.0.30:10000/v1");
  REQUIRE(v.ok);
  CHECK(v.port == 10000);
  CHECK(v.explicit_port);
  CHECK(v.path == "/v1");
}

TEST_CASE("parse_url: IPv6 literals lose their brackets", "[net]") {
  auto u = awf::parse_url("http://[::1]:8080/v1?beta=true");
  REQUIRE(u.ok);
  CHECK(u.host == "::1");
  CHECK(u.port == 8080);
  CHECK(u.explicit_port);
  CHECK(u.path == "/v1");
  CHECK(u.query == "beta=true");

  auto v = awf::parse_url("https://[2001:db8::1]/");
  REQUIRE(v.ok);
  CHECK(v.host == "2001:db8::1");
  CHECK(v.port == 443);
  CHECK_FALSE(v.explicit_port);
}

TEST_CASE("parse_url: scheme is lower-cased — other schemes are returned as they are", "[net]") {
  auto u = awf::parse_url("HTTPS://api.anthropic.com/");
  REQUIRE(u.ok);
  CHECK(u.scheme == "https");
  CHECK(u.port == 443);

  auto s = awf::parse_url("socks5://127.0.0.1:1080");
  REQUIRE(s.ok);
  CHECK(s.scheme == "socks5");
  CHECK(s.port == 1080);

  auto f = awf::parse_url("ftp://example.org/file");
  REQUIRE(f.ok);
  CHECK(f.scheme == "ftp");
  CHECK(f.path == "/file");
}

TEST_CASE("parse_url: malformed URLs fail with a message", "[net]") {
  for (const char* bad : {"", "not a url", "http://", "://host", "api.anthropic.com/v1", "http://host:99999/",
                          "http://[::1/", "http://exa mple.com/"}) {
    INFO("url: \"" << bad << "\"");
    auto u = awf::parse_url(bad);
    CHECK_FALSE(u.ok);
    CHECK_FALSE(u.error.empty());
  }
}

#include <catch.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include "logs/text_fields.hpp"

using namespace awf::logs;

namespace {

// The plain definition split_fields must match: fields are runs of non-blank bytes (blank = space
// or tab); with more than `max` fields the last one runs to the end of the line, trailing blanks cut.
std::vector<std::string_view> reference_split(std::string_view line, std::size_t max) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  auto blank = [&](std::size_t k) { return line[k] == ' ' || line[k] == '\t'; };
  while (out.size() < max) {
    while (i < line.size() && blank(i)) ++i;
    if (i == line.size()) break;
    std::size_t s = i;
    if (out.size() + 1 == max) {
      std::size_t e = line.size();
      while (e > s && blank(e - 1)) --e;
      out.push_back(line.substr(s, e - s));
      break;
    }
    while (i < line.size() && !blank(i)) ++i;
    out.push_back(line.substr(s, i - s));
  }
  return out;
}

// A small deterministic generator (no <random> distribution differences between libraries).
struct Lcg {
  std::uint64_t x = 0x9E3779B97F4A7C15ULL;
  std::uint32_t next() {
    x = x * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<std::uint32_t>(x >> 33);
  }
};

}  // namespace

TEST_CASE("split_fields matches the plain definition on lines of every length and blank pattern", "[logs][text_fields]") {
  Lcg rng;
  const char alphabet[] = {' ', '\t', 'a', ':', '"', '\r', 'Z', ' '};
  int mismatches = 0;
  for (int it = 0; it < 20000; ++it) {
    std::size_t len = rng.next() % 200;
    std::string buf(len, 'x');
    for (auto& c : buf) c = alphabet[rng.next() % 8];
    std::string_view line(buf);
    std::size_t max = rng.next() % 13;
    std::string_view got[16];
    std::size_t n = split_fields(line, got, max);
    auto want = reference_split(line, max);
    bool same = n == want.size();
    for (std::size_t i = 0; same && i < n; ++i) same = got[i].data() == want[i].data() && got[i].size() == want[i].size();
    if (!same) ++mismatches;
  }
  CHECK(mismatches == 0);
}

TEST_CASE("split_fields on a firewall_detailed line keeps the User-Agent as one last field", "[logs][text_fields]") {
  std::string_view line =
      "1795946401.500 172.30.0.20:40000 pypi.org 203.0.113.50:80 1.1 GET 200 TCP_MISS:HIER_DIRECT "
      "http://pypi.org/simple/pkg/ \"pip/24.0 CPython/3.11\"  \t";
  std::string_view f[10];
  REQUIRE(split_fields(line, f, 10) == 10);
  CHECK(f[8] == "http://pypi.org/simple/pkg/");
  CHECK(f[9] == "\"pip/24.0 CPython/3.11\"");
}

TEST_CASE("same_bytes equals == for every length up to 40", "[logs][text_fields]") {
  Lcg rng;
  int mismatches = 0;
  for (int it = 0; it < 20000; ++it) {
    std::size_t la = rng.next() % 41, lb = rng.next() % 4 ? la : rng.next() % 41;
    std::string a(la, 'a'), b(lb, 'a');
    for (auto& c : a) c = "ab"[rng.next() % 2];
    for (std::size_t i = 0; i < lb; ++i) b[i] = i < la && rng.next() % 16 ? a[i] : "ab"[rng.next() % 2];
    if (same_bytes(a, b) != (a == b)) ++mismatches;
  }
  CHECK(mismatches == 0);
  CHECK(same_bytes("", ""));
  CHECK_FALSE(same_bytes("GET", "GEX"));
  CHECK_FALSE(same_bytes("api.anthropic.com:443", "api.anthropic.com:444"));
}

TEST_CASE("parse_epoch_ms: Squid's 10.3 shape and the general float shapes", "[logs][text_fields]") {
  CHECK(parse_epoch_ms("1795946401.500") == 1795946401500);
  CHECK(parse_epoch_ms("0000000000.000") == 0);
  CHECK(parse_epoch_ms("9999999999.999") == 9999999999999);
  CHECK_FALSE(parse_epoch_ms("17959464x1.500"));
  CHECK_FALSE(parse_epoch_ms("1795946401.5x0"));
  CHECK_FALSE(parse_epoch_ms("179594.401.500"));
  CHECK_FALSE(parse_epoch_ms("-795946401.500"));
  CHECK(parse_epoch_ms("1795946401.5") == 1795946401500);
  CHECK(parse_epoch_ms("1795946401.123456") == 1795946401123);
  CHECK(parse_epoch_ms("1795946401") == 1795946401000);
  CHECK_FALSE(parse_epoch_ms("1795946401."));
}

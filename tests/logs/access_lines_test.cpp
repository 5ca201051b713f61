#include <catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>

#include <unistd.h>

#include "logs/access_lines.hpp"
#include "logs/facts_json.hpp"
#include "logs/gz_util.hpp"
#include "logs/read_source.hpp"

using namespace awf::logs;

namespace {

struct Tally {
  SourceSummary s;
  SquidTraffic t;
  std::uint64_t detailed = 0, native = 0;
  AccessSink sink() { return AccessSink{t, s, detailed, native, 0}; }
};

// The reference: one LineReader::next() and one parse_access_line() per line.
void one_by_one(LineReader r, Tally& out) {
  AccessSink sink = out.sink();
  Line l;
  for (int guard = 0; guard < 1000000 && r.next(l); ++guard) read_access_line(l.text, l.truncated, l.number, sink);
}

void bulk(LineReader r, Tally& out) {
  AccessSink sink = out.sink();
  read_access_lines(r, sink);
}

void same(const Tally& a, const Tally& b) {
  CHECK(a.s.lines_read == b.s.lines_read);
  CHECK(a.s.lines_used == b.s.lines_used);
  CHECK(a.s.lines_other == b.s.lines_other);
  CHECK(a.s.lines_unparsed == b.s.lines_unparsed);
  CHECK(a.s.first_unparsed_line == b.s.first_unparsed_line);
  CHECK(a.s.lines_truncated == b.s.lines_truncated);
  CHECK(a.detailed == b.detailed);
  CHECK(a.native == b.native);
  CHECK(a.t.entries() == b.t.entries());
  REQUIRE(a.t.rows().size() == b.t.rows().size());
  for (std::size_t i = 0; i < a.t.rows().size(); ++i) {
    const TrafficRow& x = a.t.rows()[i];
    const TrafficRow& y = b.t.rows()[i];
    INFO("row " << i << " " << x.client_ip << " " << x.host << " " << x.method << " " << x.result);
    CHECK(x.client_ip == y.client_ip);
    CHECK(x.host == y.host);
    CHECK(x.method == y.method);
    CHECK(x.result == y.result);
    CHECK(x.hierarchy == y.hierarchy);
    CHECK(x.status == y.status);
    CHECK(x.upstream_connected == y.upstream_connected);
    CHECK(x.count == y.count);
    CHECK(x.first_ts_ms == y.first_ts_ms);
    CHECK(x.last_ts_ms == y.last_ts_ms);
    CHECK(x.max_elapsed_ms == y.max_elapsed_ms);
    CHECK(x.first.line == y.first.line);
  }
}

// Every shape the field cutter must treat like split_fields: runs of blanks, tabs, CR LF, a lone
// CR, blank and blank-only lines, native lines with padded columns, garbage, short lines, a line
// longer than the 64 KiB index span and one longer than kMaxLineBytes.
std::string tricky(int rounds) {
  std::string t;
  for (int i = 0; i < rounds; ++i) {
    const std::string ts = "17959464" + std::to_string(10 + i % 80) + "." + std::to_string(100 + i % 900);
    t += ts + " 172.30.0.30:38810 api.anthropic.com:443 203.0.113.10:443 1.1 CONNECT 200 TCP_TUNNEL:HIER_DIRECT api.anthropic.com:443 \"-\"\n";
    t += ts + " 172.30.0.30:38811 api.openai.com:443 -:- 1.1 CONNECT 503 TCP_TUNNEL:HIER_NONE api.openai.com:443 \"-\"\r\n";
    t += ts + "  172.30.0.20:1\tapi-proxy:10001  -:-\t\t1.1 CONNECT 403 TCP_DENIED:HIER_NONE api-proxy:10001\r\n";
    t += ts + " 172.30.0.20:2 -:0 -:- 0.0 NONE 0 NONE_NONE:HIER_NONE error:transaction-end-before-headers \r\n";
    t += ts + " 172.30.0.20:3 pypi.org 203.0.113.50:80 1.1 GET 200 TCP_MISS:HIER_DIRECT http://pypi.org/simple/ \"pip/24.0 CPython/3.11\"  \n";
    t += ts + " 172.30.0.20:4 - 203.0.113.50:80 1.1 GET 200 TCP_MISS:HIER_DIRECT http://files.example.test/x\n";
    t += ts + "    " + std::to_string(i % 5000) + " 172.30.0.20 TCP_TUNNEL/200 4512 CONNECT github.com:443 - HIER_DIRECT/140.82.112.3 -\n";
    t += ts + " 12 172.30.0.20 TCP_DENIED/403 0 CONNECT 172.30.0.30:10001 -\n";
    t += " " + ts + " 172.30.0.30:38810 api.anthropic.com:443 203.0.113.10:443 1.1 CONNECT 200 TCP_TUNNEL:HIER_DIRECT x\n";
    t += ts + " 172.30.0.30:38810 api.anthropic.com:443 203.0.113.10:443 1.1 CONNECT 200 TCP_TUNNEL:HIER_DIRECT\r\n";
    t += ts + " 172.30.0.30:38810 api.anthropic.com:443 203.0.113.10:443 1.1 CONNECT 200 TCP_TUNNEL:HIER_DIRECT \r\r\n";
    t += "\n \t \r\n\r\n\r\rgarbage\x01\xff line\n" + ts + " short line\n";
    t += std::string("\x00\x00 \x00\n", 5);
    if (i == rounds / 3) t += ts + " 172.30.0.20:5 h " + std::string(70000, 'u') + " 1.1 GET 200 TCP_MISS:HIER_DIRECT u\n";
    if (i == rounds / 2) t += std::string((2u << 20) + 100, 'z') + "\n";
    if (i == rounds / 2 + 1) t += ts + " 172.30.0.30:1 a:1 -:- 1.1 CONNECT 200 TCP_TUNNEL:HIER_DIRECT " + std::string(3u << 20, 'v') + "\r\n";
  }
  return t + "1795946499.999 172.30.0.30:38810 last.example:443 -:- 1.1 CONNECT 503 TCP_TUNNEL:HIER_NONE last.example:443";
}

}  // namespace

TEST_CASE("access.log lines read a buffer at a time give exactly what one next() and one parse per line give", "[logs][access_lines]") {
  const std::string text = tricky(3000);  // about 7 MiB: blocks and spans end inside lines many times
  Tally ref, fast;
  one_by_one(LineReader::from_memory(text), ref);
  bulk(LineReader::from_memory(text), fast);
  CHECK(ref.s.lines_truncated == 2);
  CHECK(ref.native == 6000);
  CHECK(ref.s.lines_other > 0);
  CHECK(ref.s.lines_unparsed > 0);
  same(ref, fast);

  SECTION("gzip input") {
    Tally gz;
    bulk(LineReader::from_memory(awf::test::gzip_bytes(text)), gz);
    same(ref, gz);
  }
  SECTION("small inputs, each cut at every length") {
    const std::string small = tricky(1).substr(0, 2000);
    for (std::size_t n = 0; n <= small.size(); n += 7) {
      INFO("length " << n);
      Tally a, b;
      one_by_one(LineReader::from_memory(std::string_view(small).substr(0, n)), a);
      bulk(LineReader::from_memory(std::string_view(small).substr(0, n)), b);
      same(a, b);
    }
  }
}

TEST_CASE("a large access.log read on two threads equals the one-line-at-a-time reference", "[logs][access_lines]") {
  const std::string text = tricky(1500);
  auto p = std::filesystem::temp_directory_path() / ("awf-access-lines-" + std::to_string(::getpid()) + ".log");
  {
    std::ofstream o(p, std::ios::binary);
    o << text;
  }
  Tally ref;
  one_by_one(LineReader::from_memory(text), ref);
  LogFacts two;
  const SourceSummary& s = read_source(p.string(), two, 0);  // split at the middle
  std::filesystem::remove(p);
  CHECK(s.lines_read == ref.s.lines_read);
  CHECK(s.lines_used == ref.s.lines_used);
  CHECK(s.lines_other == ref.s.lines_other);
  CHECK(s.lines_unparsed == ref.s.lines_unparsed);
  CHECK(s.first_unparsed_line == ref.s.first_unparsed_line);
  CHECK(s.lines_truncated == ref.s.lines_truncated);
  CHECK(two.access_detailed_lines == ref.detailed);
  CHECK(two.access_native_lines == ref.native);
  // Rows may be in another order after the merge: compare them keyed.
  REQUIRE(two.access.rows().size() == ref.t.rows().size());
  auto key = [](const TrafficRow& r) {
    return r.client_ip + "|" + r.host + "|" + r.method + "|" + r.result + "|" + r.hierarchy + "|" + std::to_string(r.status) +
           (r.upstream_connected ? "|c" : "|n");
  };
  for (const TrafficRow& x : ref.t.rows()) {
    INFO(key(x));
    bool found = false;
    for (const TrafficRow& y : two.access.rows()) {
      if (key(x) != key(y)) continue;
      found = true;
      CHECK(x.count == y.count);
      CHECK(x.first_ts_ms == y.first_ts_ms);
      CHECK(x.last_ts_ms == y.last_ts_ms);
      CHECK(x.max_elapsed_ms == y.max_elapsed_ms);
      CHECK(x.first.line == y.first.line);
    }
    CHECK(found);
  }
}

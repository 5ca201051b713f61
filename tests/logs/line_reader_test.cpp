#include <catch.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <vector>

#include <unistd.h>

#include "logs/gz_util.hpp"
#include "logs/line_reader.hpp"

using namespace awf::logs;

namespace {

std::vector<std::string> all(LineReader r, std::vector<bool>* truncated = nullptr) {
  std::vector<std::string> out;
  Line l;
  for (int guard = 0; guard < 100000 && r.next(l); ++guard) {
    out.emplace_back(l.text);
    if (truncated) truncated->push_back(l.truncated);
    CHECK(l.number == out.size());
  }
  return out;
}

}  // namespace

TEST_CASE("LF, CRLF, a last line without LF, empty lines", "[logs][line_reader]") {
  auto v = all(LineReader::from_memory("a\r\nb\n\nc\r\r\nlast"));
  CHECK(v == std::vector<std::string>{"a", "b", "", "c\r", "last"});
  CHECK(all(LineReader::from_memory("")).empty());
  CHECK(all(LineReader::from_memory("\n")) == std::vector<std::string>{""});
}

TEST_CASE("binary garbage and NUL bytes stay inside their line", "[logs][line_reader]") {
  std::string data("x\0y\xff\xfe\n\x01\x02", 8);
  auto v = all(LineReader::from_memory(data));
  REQUIRE(v.size() == 2);
  CHECK(v[0] == std::string("x\0y\xff\xfe", 5));
  CHECK(v[1] == "\x01\x02");
}

TEST_CASE("a 1 MB line is returned whole — a line over the cap is truncated and the next line kept", "[logs][line_reader]") {
  std::string one_mb(1u << 20, 'a');
  std::string huge(kMaxLineBytes + 12345, 'b');
  std::string data = one_mb + "\n" + huge + "\nafter\n";
  std::vector<bool> trunc;
  auto v = all(LineReader::from_memory(data), &trunc);
  REQUIRE(v.size() == 3);
  CHECK(v[0].size() == one_mb.size());
  CHECK_FALSE(trunc[0]);
  CHECK(v[1].size() == kMaxLineBytes);
  CHECK(trunc[1]);
  CHECK(v[2] == "after");
  CHECK_FALSE(trunc[2]);
}

TEST_CASE("gzip is inflated transparently, also several members — corrupt gzip is an error, not a crash", "[logs][line_reader]") {
  std::string gz = awf::test::gzip_bytes("one\ntwo\n") + awf::test::gzip_bytes("three\n");
  LineReader r = LineReader::from_memory(gz);
  std::vector<std::string> v;
  Line l;
  while (r.next(l) && v.size() < 10) v.emplace_back(l.text);
  CHECK(r.gzip());
  CHECK(r.error().empty());
  CHECK(v == std::vector<std::string>{"one", "two", "three"});

  std::string bad = awf::test::gzip_bytes(std::string(100000, 'z') + "\n");
  bad[bad.size() / 2] ^= 0x55;
  bad[bad.size() / 2 + 1] ^= 0x55;
  LineReader b = LineReader::from_memory(bad);
  int n = 0;
  while (b.next(l) && n < 100) ++n;
  CHECK_FALSE(b.error().empty());
}

TEST_CASE("a gzip file cut short (no trailer) is an error, not a clean end of the log", "[logs][line_reader]") {
  std::string lines;
  for (int i = 0; i < 2000; ++i) lines += "line " + std::to_string(i) + "\n";
  std::string gz = awf::test::gzip_bytes(lines);
  Line l;
  for (std::size_t cut : {gz.size() / 2, gz.size() - 4, gz.size() - 1, std::size_t{12}}) {
    CAPTURE(cut);
    LineReader r = LineReader::from_memory(std::string_view(gz).substr(0, cut));
    int n = 0;
    while (r.next(l) && n < 5000) ++n;
    CHECK(n < 2000 + 1);
    CHECK(r.error().find("truncated gzip") != std::string::npos);
  }
  // Whole members, also two of them, still end cleanly.
  std::string two = gz + awf::test::gzip_bytes("last\n");
  LineReader ok = LineReader::from_memory(two);
  int n = 0;
  while (ok.next(l) && n < 5000) ++n;
  CHECK(n == 2001);
  CHECK(ok.error().empty());
}

TEST_CASE("files: plain and .gz read from disk — directories and missing files refused", "[logs][line_reader]") {
  auto dir = std::filesystem::temp_directory_path() / ("awf-lr-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  {
    std::ofstream(dir / "a.log") << "x\ny\n";
    std::ofstream(dir / "b.log.gz", std::ios::binary) << awf::test::gzip_bytes("g1\ng2\n");
  }
  CHECK(all(LineReader::open((dir / "a.log").string())) == std::vector<std::string>{"x", "y"});
  CHECK(all(LineReader::open((dir / "b.log.gz").string())) == std::vector<std::string>{"g1", "g2"});
  CHECK_THROWS_WITH(LineReader::open((dir / "nope").string()), Catch::Contains("no such file"));
  CHECK_THROWS_WITH(LineReader::open(dir.string()), Catch::Contains("directory"));
  std::filesystem::remove_all(dir);
}

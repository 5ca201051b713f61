// The decoded view redact() searches a second time (core/escape_decode.hpp).
#include <catch.hpp>

#include "core/escape_decode.hpp"

using namespace awf;

TEST_CASE("one layer of percent, HTML numeric and JSON escapes is decoded, mixed", "[core][redact]") {
  CHECK(decode_escapes("%73%6B%2d%61").text == "sk-a");
  CHECK(decode_escapes("&#115;&#x6b;&#X2D;&#0097").text == "sk-a");
  CHECK(decode_escapes(R"(s\u006b\u002D\/\\\")").text == "sk-/\\\"");
  CHECK(decode_escapes("s%6b&#45;\\u0061nt").text == "sk-ant");
  // Not escapes, or out of range: kept as written.
  for (const char* kept : {"100%", "%zz", "%4", "&#;", "&#x;", "&amp;", "&#233;", "&#99999999999999;", "\\u00e9",
                           "\\u12", "\\n", "a\\"})
    CHECK(decode_escapes(kept).text == kept);
  CHECK(decode_escapes("%2573").text == "%73");  // one layer only
}

TEST_CASE("every decoded byte maps back to where its escape starts", "[core][redact]") {
  const std::string t = "a%41&#66;\\u0043d";
  const DecodedView v = decode_escapes(t);
  REQUIRE(v.text == "aABCd");
  CHECK(v.from == std::vector<std::size_t>{0, 1, 4, 9, 15, 16});
  CHECK(decode_escapes("").from == std::vector<std::size_t>{0});
  CHECK_FALSE(may_hold_escapes("plain text [redacted len=8 sha256:0123]"));
  CHECK(may_hold_escapes("x%41"));
  CHECK(may_hold_escapes("&#65;"));
  CHECK(may_hold_escapes("\\u0041"));
}

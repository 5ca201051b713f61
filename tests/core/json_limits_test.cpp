#include <catch.hpp>

#include <string>

#include "core/json_limits.hpp"

using namespace awf;

TEST_CASE("json_depth counts brackets outside strings only", "[core][json]") {
  CHECK(json_depth("{}") == 1);
  CHECK(json_depth(R"({"a":[{"b":1}]})") == 3);
  CHECK(json_depth(R"({"a":"[[[[\"[[["})") == 1);
  CHECK(json_depth("]]]][[") == 2);
}

TEST_CASE("a document nested deeper than the limit is refused before it becomes a value", "[core][json]") {
  std::string deep = std::string(60000, '[') + std::string(60000, ']');
  JsonParse p = parse_json_bounded(deep);
  CHECK_FALSE(p.ok);
  CHECK(p.too_deep);
  CHECK(p.error == "JSON nested deeper than 64 levels");
  CHECK(parse_json_or_discarded(deep).is_discarded());
  std::string at_limit = std::string(64, '[') + std::string(64, ']');
  CHECK(parse_json_bounded(at_limit).ok);
  CHECK(parse_json_bounded("[" + at_limit + "]").too_deep);
}

TEST_CASE("size limit and syntax errors never quote the input", "[core][json]") {
  JsonParse big = parse_json_bounded(std::string(100, ' ') + "1", {64, 50});
  CHECK(big.too_large);
  CHECK(big.error.find("JSON larger than 50 bytes") == 0);
  JsonParse bad = parse_json_bounded(R"({"key": test-real-anthropic-key-0001})");
  CHECK_FALSE(bad.ok);
  CHECK(bad.error.find("invalid JSON at byte") == 0);
  CHECK(bad.error.find("test-real-anthropic-key-0001") == std::string::npos);
  CHECK(bad.error_byte > 0);
}

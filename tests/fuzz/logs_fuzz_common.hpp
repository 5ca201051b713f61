#pragma once
// Shared body of the log-reader fuzz targets (libFuzzer, built with -DAWF_FUZZ=ON): feed the input
// to one reader as a whole file, then check the invariants every reader promises: each line is
// accounted for exactly once, nothing throws, the correlation runs, and the facts serialise.
// By hand (one target; the log readers need core/text_file.cpp, fmt and zlib):
//   clang++ -std=c++20 -g -O1 -fsanitize=fuzzer,address,undefined -Isrc tests/fuzz/squid_access_fuzz.cpp \
//     src/logs/*.cpp src/core/text_file.cpp src/core/json_limits.cpp -lfmt -lz -o squid_access_fuzz
//   ./squid_access_fuzz -max_total_time=60 tests/fuzz/corpus/squid_access
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "logs/correlate.hpp"
#include "logs/facts_json.hpp"
#include "logs/read_source.hpp"

namespace awf::fuzz {

inline int run_reader(const std::uint8_t* data, std::size_t size, awf::logs::LogFormat format) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  awf::logs::LogFacts facts;
  const auto& s = format == awf::logs::LogFormat::unknown ? awf::logs::read_text(input, "fuzz", facts)
                                                          : awf::logs::read_text_as(input, format, "fuzz", facts);
  if (s.lines_read != s.lines_used + s.lines_other + s.lines_unparsed) __builtin_trap();
  if ((s.lines_unparsed == 0) != (s.first_unparsed_line == 0)) __builtin_trap();
  auto c = awf::logs::correlate(facts, awf::logs::LogOptions{});
  (void)awf::logs::to_json(facts).dump();  // valid UTF-8 whatever the input: must not throw
  (void)awf::logs::to_json(c).dump();
  return 0;
}

}  // namespace awf::fuzz

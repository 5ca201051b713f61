#pragma once
// Shared body of the log-reader fuzz targets (libFuzzer, built with -DAWF_FUZZ=ON): feed the input
// to one reader as a whole file, then check the invariants every reader promises: each line is
// accounted for exactly once, nothing throws, the correlation runs, the log checks are built from
// the facts (logs/log_checks.hpp, the entry point `analyze` uses) and everything serialises.
// By hand (one target, one command line; the log checks need the core library, fmt and zlib):
//   clang++ -std=c++20 -g -O1 -fsanitize=fuzzer,address,undefined -Isrc tests/fuzz/squid_access_fuzz.cpp
//     -Lbuild-fuzz -lawf_diag_core -lfmt -lz -o squid_access_fuzz   (log checks need the core library)
//   ./squid_access_fuzz -max_total_time=60 tests/fuzz/corpus/squid_access
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "logs/correlate.hpp"
#include "logs/facts_json.hpp"
#include "logs/log_checks.hpp"
#include "logs/read_source.hpp"

namespace awf::fuzz {

/// The log checks built from `facts`: never throws, every record is a `log.` id with
/// evidence.source "log", and serialises as the report does (invalid UTF-8 replaced).
inline void check_log_checks(const awf::logs::LogFacts& facts, const awf::logs::Correlation& c) {
  for (const auto& check : awf::logs::build_log_checks(facts, c, awf::logs::LogOptions{})) {
    if (check.id.rfind("log.", 0) != 0 || check.evidence.value("source", "") != "log") __builtin_trap();
    // Evidence may carry the log's own bytes; the report renders it with invalid UTF-8 replaced
    // (render_json.cpp), so serialise the same way.
    (void)awf::to_json(check).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  }
}

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
  check_log_checks(facts, c);
  return 0;
}

}  // namespace awf::fuzz

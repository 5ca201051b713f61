// libFuzzer target: log_checks' entry point over several sources at once (the correlations between
// Squid's log, the api-proxy's and the agent's are where sources meet). The input is split at each
// 0x00 byte into at most 6 files, each read with format detection as `analyze DIR` reads a file;
// then the invariants of logs_fuzz_common.hpp. Seeds: tests/fuzz/corpus/log_checks/.
#include <string_view>

#include "logs_fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  awf::logs::LogFacts facts;
  for (int part = 0; part < 6 && !input.empty(); ++part) {
    const std::size_t cut = part == 5 ? std::string_view::npos : input.find('\0');
    std::string_view file = input.substr(0, cut);
    input = cut == std::string_view::npos ? std::string_view() : input.substr(cut + 1);
    const auto& s = awf::logs::read_text(file, "fuzz" + std::to_string(part), facts);
    if (s.lines_read != s.lines_used + s.lines_other + s.lines_unparsed) __builtin_trap();
  }
  auto c = awf::logs::correlate(facts, awf::logs::LogOptions{});
  (void)awf::logs::to_json(facts).dump();
  awf::fuzz::check_log_checks(facts, c);
  return 0;
}

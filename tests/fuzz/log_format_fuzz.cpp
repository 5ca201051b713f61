// libFuzzer target: format detection from content, then whichever reader it picks (also gzip input). Seeds: tests/fuzz/corpus/log_format/.
#include "logs_fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return awf::fuzz::run_reader(data, size, awf::logs::LogFormat::unknown);
}

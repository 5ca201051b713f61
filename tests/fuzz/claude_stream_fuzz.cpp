// libFuzzer target: the claude_stream_json reader. Seeds: tests/fuzz/corpus/claude_stream/.
#include "logs_fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return awf::fuzz::run_reader(data, size, awf::logs::LogFormat::claude_stream_json);
}

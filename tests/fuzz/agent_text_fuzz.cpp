// libFuzzer target: the agent_output reader. Seeds: tests/fuzz/corpus/agent_text/.
#include "logs_fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return awf::fuzz::run_reader(data, size, awf::logs::LogFormat::agent_output);
}

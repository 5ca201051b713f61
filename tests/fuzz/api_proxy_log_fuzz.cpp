// libFuzzer target: the api_proxy_jsonl reader. Seeds: tests/fuzz/corpus/api_proxy_log/.
#include "logs_fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return awf::fuzz::run_reader(data, size, awf::logs::LogFormat::api_proxy_jsonl);
}

// libFuzzer target: the squid_audit_jsonl reader. Seeds: tests/fuzz/corpus/squid_audit/.
#include "logs_fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return awf::fuzz::run_reader(data, size, awf::logs::LogFormat::squid_audit_jsonl);
}

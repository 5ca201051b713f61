// libFuzzer target: the env-file parser (line grammar and NUL-separated /proc/<pid>/environ form).
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string_view>

#include "core/env_snapshot.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    awf::EnvSnapshot e = awf::env_from_text(text, "fuzz");
    (void)e.to_envp();
  } catch (const std::runtime_error&) {
  }
  return 0;
}

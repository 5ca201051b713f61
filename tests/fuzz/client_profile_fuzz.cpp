// libFuzzer target for `--client-profile FILE` parsing (src/topology/client_profile_json.*):
// any input either parses into a profile that round-trips through profile_to_json and yields a
// request sequence (or a std::invalid_argument), or is refused with std::invalid_argument; nothing
// else may escape. Seeds: tests/fuzz/corpus/client_profile/.
//   clang++ -std=c++20 -g -O1 -fsanitize=fuzzer,address,undefined -Isrc tests/fuzz/client_profile_fuzz.cpp \
//     src/topology/*.cpp src/core/text_file.cpp src/core/json_limits.cpp -lfmt -o client_profile_fuzz
#include <cstdint>
#include <cstdlib>
#include <stdexcept>
#include <string>

#include "topology/client_profile_json.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  awf::topology::ClientProfile p;
  try {
    p = awf::topology::profile_from_json(text);
  } catch (const std::invalid_argument&) {
    return 0;
  }
  const auto j = awf::topology::profile_to_json(p);
  auto back = awf::topology::profile_from_json(j.dump());  // must not throw: it was valid
  if (awf::topology::profile_to_json(back) != j) std::abort();
  for (const auto& row : p.auth) {
    awf::topology::SequenceOptions o;
    o.sources = row.when;
    o.retries_after_401 = 2;
    try {
      auto seq = awf::topology::request_sequence(p, o);
      if (seq.empty() || seq.size() > 16 + 8 + 1) std::abort();
    } catch (const std::invalid_argument&) {
    }
  }
  return 0;
}

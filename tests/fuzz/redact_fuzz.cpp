// libFuzzer target: redaction. Input: secrets, one per line, up to an empty line; then the text.
// Property: a registered secret never survives redact() — unless it could be recreated by the masks
// themselves (made only of mask bytes, or holding '[' / ']' so it can span a mask's edge) — and
// redact_json never changes an object's keys.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/command_secrets.hpp"
#include "core/redact.hpp"

namespace {
// Bytes of "[redacted len=N sha256:hex]": a secret made only of these may be recreated by a mask.
bool mask_alphabet_only(std::string_view s) {
  for (char c : s)
    if (std::string_view("[]redactlnsh=:0123456789abcdef ").find(c) == std::string_view::npos) return false;
  return true;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  auto split = in.find("\n\n");
  std::string_view head = in.substr(0, split);
  std::string text(split == std::string_view::npos ? std::string_view() : in.substr(split + 2));
  awf::SecretSet s;
  std::vector<std::string> secrets;
  std::size_t pos = 0;
  while (pos < head.size() && secrets.size() < 16) {
    auto nl = head.find('\n', pos);
    std::string line(head.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos));
    s.add_derived(line);
    secrets.push_back(line);
    if (nl == std::string_view::npos) break;
    pos = nl + 1;
  }
  awf::register_command_secrets(text, s);
  awf::register_url_credentials(text, s);
  std::string out = awf::redact(text, s);
  for (const auto& v : s.values())
    if (!mask_alphabet_only(v) && v.find_first_of("[]") == std::string::npos && out.find(v) != std::string::npos)
      __builtin_trap();
  nlohmann::json j = {{"k", text}, {text, {{"n", text}}}};
  awf::redact_json(j, s);
  if (!j.contains(text)) __builtin_trap();
  return 0;
}

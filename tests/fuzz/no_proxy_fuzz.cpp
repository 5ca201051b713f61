// libFuzzer target: the NO_PROXY matcher. Input: "<list>\n<host>\n<port bytes>".
#include <cstdint>
#include <string_view>

#include "probes/no_proxy.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  auto nl = in.find('\n');
  std::string_view list = in.substr(0, nl);
  std::string_view rest = nl == std::string_view::npos ? std::string_view() : in.substr(nl + 1);
  auto nl2 = rest.find('\n');
  std::string_view host = rest.substr(0, nl2);
  int port = 0;
  if (nl2 != std::string_view::npos)
    for (char c : rest.substr(nl2 + 1, 2)) port = port * 256 + static_cast<unsigned char>(c);
  auto m = awf::probe_detail::no_proxy_match(list, host, port);
  if (m.matched && m.entry.empty()) __builtin_trap();
  return 0;
}

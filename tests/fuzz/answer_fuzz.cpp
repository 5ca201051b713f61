// libFuzzer target: the HTTP answer classifier (who produced an answer) and the evidence built from
// it. Input: 2 bytes of status, then "name: value" header lines up to an empty line, then the body.
#include <cstdint>
#include <string>
#include <string_view>

#include "net/http.hpp"
#include "observe/http_exchange.hpp"
#include "topology/providers.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  awf::HttpResponse r;
  r.status = (data[0] << 8 | data[1]) % 1000;
  std::string_view in(reinterpret_cast<const char*>(data) + 2, size - 2);
  auto end = in.find("\n\n");
  std::string_view head = in.substr(0, end);
  r.body = std::string(end == std::string_view::npos ? std::string_view() : in.substr(end + 2));
  std::size_t pos = 0;
  while (pos < head.size()) {
    auto nl = head.find('\n', pos);
    std::string_view line = head.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    if (auto c = line.find(':'); c != std::string_view::npos)
      r.headers.emplace_back(std::string(line.substr(0, c)), std::string(line.substr(c + 1)));
    if (nl == std::string_view::npos) break;
    pos = nl + 1;
  }
  const awf::Provider& p = awf::provider(awf::ProviderId::anthropic);
  awf::HttpRequest req;
  req.url = "http://127.0.0.1:1/v1/messages";
  awf::Exchange e = awf::observe_http(req, r, p);
  nlohmann::json ev = awf::exchange_evidence(r, e, p);
  (void)ev.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return 0;
}

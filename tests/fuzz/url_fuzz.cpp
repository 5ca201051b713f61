// libFuzzer target: URL parsing (libcurl's CURLU via parse_url), the origin/authority helpers, the
// proxy-URL normalisation and URL-credential registration + redaction.
#include <cstdint>
#include <string>

#include "core/chain_spec.hpp"
#include "core/redact.hpp"
#include "net/http.hpp"
#include "probes/probe_util.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string url(reinterpret_cast<const char*>(data), size);
  awf::UrlParts u = awf::parse_url(url);
  if (u.ok && (u.port < 0 || u.port > 65535)) __builtin_trap();
  (void)awf::origin_of(url);
  (void)awf::authority_of(url);
  (void)awf::parse_url(awf::proxy_url_with_scheme(url));
  awf::SecretSet s;
  awf::register_url_credentials(url, s);
  (void)awf::redact("at " + url + " failed", s);
  return 0;
}

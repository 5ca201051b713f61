// URL parsing through libcurl's URL API (CURLU). See net/http.hpp (parse_url).
#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <memory>

#include "net/http.hpp"

namespace awf {

namespace {

struct UrlDeleter {
  void operator()(CURLU* u) const { curl_url_cleanup(u); }
};

/// One part, or "" when absent. Returns the CURLUcode.
CURLUcode get_part(CURLU* u, CURLUPart part, unsigned flags, std::string& out) {
  char* s = nullptr;
  CURLUcode rc = curl_url_get(u, part, &s, flags);
  out = (rc == CURLUE_OK && s) ? std::string(s) : std::string();
  if (s) curl_free(s);
  return rc;
}

}  // namespace

UrlParts parse_url(const std::string& url) {
  UrlParts p;
  std::unique_ptr<CURLU, UrlDeleter> u(curl_url());
  if (!u) {
    p.error = "out of memory";
    return p;
  }
  // Any scheme is accepted ("socks5://", "ftp://"): callers judge the scheme.
  CURLUcode rc = curl_url_set(u.get(), CURLUPART_URL, url.c_str(), CURLU_NON_SUPPORT_SCHEME);
  if (rc != CURLUE_OK) {
    p.error = curl_url_strerror(rc);
    return p;
  }
  get_part(u.get(), CURLUPART_SCHEME, 0, p.scheme);
  std::transform(p.scheme.begin(), p.scheme.end(), p.scheme.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (get_part(u.get(), CURLUPART_HOST, 0, p.host) != CURLUE_OK || p.host.empty()) {
    p.error = "URL has no host";
    return p;
  }
  if (p.host.size() >= 2 && p.host.front() == '[' && p.host.back() == ']') {
    p.host = p.host.substr(1, p.host.size() - 2);
  }
  std::string port;
  if (get_part(u.get(), CURLUPART_PORT, 0, port) == CURLUE_OK && !port.empty()) {
    p.explicit_port = true;
  } else {
    get_part(u.get(), CURLUPART_PORT, CURLU_DEFAULT_PORT, port);  // "" for schemes curl does not know
  }
  if (!port.empty()) {
    try {
      p.port = std::stoi(port);
    } catch (const std::exception&) {
      p.error.assign("invalid port \"").append(port).append("\"");  // not operator+: GCC 12 -Wrestrict false positive
      return p;
    }
  }
  get_part(u.get(), CURLUPART_PATH, 0, p.path);
  if (p.path.empty()) p.path.push_back('/');  // not = "/": GCC 12 -Wrestrict false positive at -O2
  get_part(u.get(), CURLUPART_QUERY, 0, p.query);
  p.ok = true;
  return p;
}

}  // namespace awf

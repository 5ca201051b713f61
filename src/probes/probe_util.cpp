#include "probes/probe_util.hpp"

namespace awf {

std::string origin_of(const std::string& url) {
  UrlParts u = parse_url(url);
  if (!u.ok) return url;
  std::string host = u.host.find(':') != std::string::npos ? "[" + u.host + "]" : u.host;
  return u.scheme + "://" + host + ":" + std::to_string(u.port);
}

std::string join_url(const std::string& base, const std::string& path) {
  std::string b = base;
  while (!b.empty() && b.back() == '/') b.pop_back();
  return b + path;
}

std::string authority_of(const std::string& url) {
  UrlParts u = parse_url(url);
  if (!u.ok) return url;
  std::string host = u.host.find(':') != std::string::npos ? "[" + u.host + "]" : u.host;
  return host + ":" + std::to_string(u.port);
}

}  // namespace awf

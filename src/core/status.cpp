#include "core/status.hpp"

namespace awf {

std::string to_string(Status s) {
  switch (s) {
    case Status::pass: return "pass";
    case Status::warn: return "warn";
    case Status::fail: return "fail";
    case Status::skip: return "skip";
    case Status::error: return "error";
  }
  return "error";
}

std::string to_string(Link l) {
  switch (l) {
    case Link::helper: return "helper";
    case Link::env: return "env";
    case Link::proxy: return "proxy";
    case Link::squid: return "squid";
    case Link::upstream: return "upstream";
  }
  return "helper";
}

std::optional<Status> status_from_string(std::string_view s) {
  for (Status v : {Status::pass, Status::warn, Status::fail, Status::skip, Status::error})
    if (to_string(v) == s) return v;
  return std::nullopt;
}

std::optional<Link> link_from_string(std::string_view s) {
  for (Link v : kAllLinks)
    if (to_string(v) == s) return v;
  return std::nullopt;
}

int link_rank(Status s) {
  switch (s) {
    case Status::fail: return 4;
    case Status::error: return 3;
    case Status::warn: return 2;
    case Status::pass: return 1;
    case Status::skip: return 0;
  }
  return 0;
}

}  // namespace awf

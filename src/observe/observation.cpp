#include "observe/observation.hpp"

namespace awf {

std::string describe(Transport t) {
  switch (t) {
    case Transport::none: return "none";
    case Transport::refused: return "connection refused";
    case Transport::reset: return "connection reset";
    case Transport::empty_reply: return "empty reply (server closed the connection without an HTTP response)";
    case Transport::timeout: return "timeout";
    case Transport::dns: return "DNS resolution failed";
    case Transport::proxy_connect: return "proxy refused the CONNECT";
    case Transport::tls: return "TLS handshake failed";
    case Transport::no_response: return "no HTTP response";
    case Transport::other: return "transport error";
  }
  return "transport error";
}

}  // namespace awf

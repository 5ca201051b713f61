#include "logs/err_codes.hpp"

#include <array>

namespace awf::logs {

bool is_squid_error_code(std::string_view code) {
  static constexpr std::array<std::string_view, 41> kSquid{
      "ERR_ACCESS_DENIED", "ERR_ACL_TIME_QUOTA_EXCEEDED", "ERR_AGENT_CONFIGURE", "ERR_AGENT_WPAD",
      "ERR_CACHE_ACCESS_DENIED", "ERR_CACHE_MGR_ACCESS_DENIED", "ERR_CANNOT_FORWARD", "ERR_CONFLICT_HOST",
      "ERR_CONNECT_FAIL", "ERR_DIR_LISTING", "ERR_DNS_FAIL", "ERR_ESI", "ERR_FORWARDING_DENIED",
      "ERR_FTP_DISABLED", "ERR_FTP_FAILURE", "ERR_FTP_FORBIDDEN", "ERR_FTP_NOT_FOUND", "ERR_FTP_PUT_ERROR",
      "ERR_GATEWAY_FAILURE", "ERR_ICAP_FAILURE", "ERR_INVALID_REQ", "ERR_INVALID_RESP", "ERR_INVALID_URL",
      "ERR_LIFETIME_EXP", "ERR_NO_RELAY", "ERR_ONLY_IF_CACHED_MISS", "ERR_PRECONDITION_FAILED",
      "ERR_PROTOCOL_UNKNOWN", "ERR_READ_ERROR", "ERR_READ_TIMEOUT", "ERR_SECURE_CONNECT_FAIL",
      "ERR_SHUTTING_DOWN", "ERR_SOCKET_FAILURE", "ERR_TOO_BIG", "ERR_UNSUP_HTTPVERSION", "ERR_UNSUP_REQ",
      "ERR_URN_RESOLVE", "ERR_WRITE_ERROR", "ERR_ZERO_SIZE_OBJECT", "ERR_REQUEST_START_TIMEOUT",
      "ERR_REQUEST_PARSE_TIMEOUT"};
  for (auto c : kSquid)
    if (c == code) return true;
  return false;
}

std::size_t scan_err_codes(std::string_view text, Where where, ErrCodeFacts& facts) {
  std::size_t found = 0, at = 0;
  while ((at = text.find("ERR_", at)) != std::string_view::npos) {
    bool word_start = at == 0 || !((text[at - 1] >= 'A' && text[at - 1] <= 'Z') || text[at - 1] == '_' ||
                                   (text[at - 1] >= 'a' && text[at - 1] <= 'z'));
    std::size_t e = at + 4;
    while (e < text.size() && ((text[e] >= 'A' && text[e] <= 'Z') || (text[e] >= '0' && text[e] <= '9') || text[e] == '_'))
      ++e;
    if (word_start && e > at + 4 && e - at <= 48) {
      std::string_view code = text.substr(at, e - at);
      auto& m = is_squid_error_code(code) ? facts.squid : facts.node;
      auto it = m.find(std::string(code));
      if (it == m.end()) {
        if (facts.squid.size() + facts.node.size() >= ErrCodeFacts::kMaxCodes) {
          ++facts.dropped;
        } else {
          m.emplace(std::string(code), CodeSeen{1, where});
        }
      } else {
        ++it->second.count;
      }
      ++found;
    }
    at = e;
  }
  return found;
}

}  // namespace awf::logs

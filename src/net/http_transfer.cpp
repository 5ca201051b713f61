// The callbacks of one libcurl transfer (http_detail.hpp): header blocks, the capped body, the
// first bytes sent.
#include <algorithm>
#include <cctype>

#include "net/http_detail.hpp"
#include "core/ascii.hpp"

namespace awf::http_detail {

namespace {


std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' || s.front() == '\n')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n')) {
    s.remove_suffix(1);
  }
  return s;
}

long parse_status_line(std::string_view line) {
  // "HTTP/1.1 200 Connection established", "HTTP/2 200"
  auto sp = line.find(' ');
  if (sp == std::string_view::npos) return 0;
  long code = 0;
  std::size_t i = sp + 1;
  int digits = 0;
  while (i < line.size() && digits < 3 && std::isdigit(static_cast<unsigned char>(line[i]))) {
    code = code * 10 + (line[i] - '0');
    ++i;
    ++digits;
  }
  return digits == 3 ? code : 0;
}

}  // namespace

std::string find_header(const HeaderList& list, const std::string& name) {
  for (const auto& [k, v] : list) {
    if (ascii_iequals(k, name)) return v;
  }
  return {};
}

size_t header_cb(char* data, size_t size, size_t nitems, void* userp) {
  auto* t = static_cast<Transfer*>(userp);
  const size_t n = size * nitems;
  std::string_view line(data, n);
  std::string_view content = trim(line);

  if (line.size() >= 5 && line.substr(0, 5) == "HTTP/") {
    // A new header block starts; on 1xx / repeated blocks only the last one is kept.
    t->block_status = parse_status_line(content);
    t->current = t->in_connect_phase ? &t->resp->connect_headers : &t->resp->headers;
    t->current->clear();
    return n;
  }
  if (content.empty()) {
    // End of a block.
    if (t->current == &t->resp->connect_headers) {
      t->proxy_connect_ms = t->since_start();
      if (t->block_status >= 200 && t->block_status < 300) t->in_connect_phase = false;
    }
    t->current = nullptr;
    return n;
  }
  HeaderList* target = t->current;
  if (target == nullptr) {
    // A line outside a block: trailers after a chunked body. They belong to the final response.
    if (t->in_connect_phase) return n;
    target = &t->resp->headers;
  }
  if ((line.front() == ' ' || line.front() == '\t') && !target->empty()) {
    // obs-fold continuation (RFC 9112 §5.2): append to the previous value.
    auto& prev = target->back().second;
    if (!prev.empty()) prev += ' ';
    prev += std::string(content);
    return n;
  }
  auto colon = content.find(':');
  if (colon == std::string_view::npos) return n;  // not a header line; ignore
  target->emplace_back(ascii_lower(std::string(trim(content.substr(0, colon)))),
                       std::string(trim(content.substr(colon + 1))));
  return n;
}

size_t write_cb(char* data, size_t size, size_t nmemb, void* userp) {
  auto* t = static_cast<Transfer*>(userp);
  const size_t n = size * nmemb;
  std::string& body = t->resp->body;
  if (body.size() < t->max_body) {
    const size_t take = std::min(n, t->max_body - body.size());
    if (t->record_chunks && take > 0) {
      auto& chunks = t->resp->body_chunks;
      if (chunks.size() < 4096)
        chunks.push_back({body.size(), take, t->since_start()});
      else
        chunks.back().size += take;
    }
    body.append(data, take);
    if (take < n) t->resp->body_truncated = true;
  } else if (n > 0) {
    t->resp->body_truncated = true;  // keep reading, discard
  }
  return n;
}

/// Only used to note when the first bytes went out: libcurl 7.88 reports CONNECT_TIME_T as 0 when
/// the transfer fails after the TCP connect (CONNECT refused, TLS failure; curl issue #10670,
/// fixed in 8.0), and curl sends its first bytes right after the TCP connect.
int debug_cb(CURL*, curl_infotype type, char*, size_t, void* userp) {
  auto* t = static_cast<Transfer*>(userp);
  if (t->first_send_ms < 0 &&
      (type == CURLINFO_HEADER_OUT || type == CURLINFO_DATA_OUT || type == CURLINFO_SSL_DATA_OUT)) {
    t->first_send_ms = t->since_start();
  }
  return 0;
}

}  // namespace awf::http_detail

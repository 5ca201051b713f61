#pragma once
// Private to src/net/http*.cpp: the state one libcurl transfer shares with its callbacks, the
// callbacks themselves (http_transfer.cpp). Header blocks: RFC 9112 §2-§5 (status line, field lines, obs-fold); a
// proxy's CONNECT answer: RFC 9110 §9.3.6.
#include <curl/curl.h>

#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>

#include "net/http.hpp"
#include "core/ascii.hpp"

namespace awf::http_detail {

using Clock = std::chrono::steady_clock;

/// The value of the first header called `name` (case-insensitive), "" when absent.
std::string find_header(const HeaderList& list, const std::string& name);

/// State shared with the header and write callbacks during one transfer.
struct Transfer {
  HttpResponse* resp = nullptr;
  std::size_t max_body = 0;
  bool record_chunks = false;
  Clock::time_point start;

  // Header-block tracking. While `in_connect_phase` (a CONNECT tunnel is being set up), every
  // header block is the proxy's answer to CONNECT; a 2xx answer ends the phase (tunnel up) and
  // later blocks belong to the response from the origin.
  bool in_connect_phase = false;
  HeaderList* current = nullptr;  ///< block being filled (nullptr between blocks)
  long block_status = 0;
  double proxy_connect_ms = -1;    ///< when the (last) CONNECT answer was complete; -1 = none
  double first_send_ms = -1;       ///< when curl first sent bytes (CONNECT, request or ClientHello)

  double since_start() const { return std::chrono::duration<double, std::milli>(Clock::now() - start).count(); }
};


/// CURLOPT_HEADERFUNCTION: sorts header lines into the CONNECT answer's block and the final
/// response's (1xx and repeated blocks: only the last kept; trailers join the final response).
size_t header_cb(char* data, size_t size, size_t nitems, void* userp);
/// CURLOPT_WRITEFUNCTION: keeps at most Transfer::max_body bytes (the rest read and discarded,
/// body_truncated set) and, when asked, the arrival time of each chunk (at most 4096).
size_t write_cb(char* data, size_t size, size_t nmemb, void* userp);
/// CURLOPT_DEBUGFUNCTION: notes when the first bytes went out (Transfer::first_send_ms).
int debug_cb(CURL*, curl_infotype type, char*, size_t, void* userp);

}  // namespace awf::http_detail

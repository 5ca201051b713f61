#pragma once
// Private to helper_run.cpp (and its tests): why an apiKeyHelper path that exists still cannot run, and
// whether its output can be a header value at all. The hint texts are catalog data (HintId).
//
// Facts used: execve(2) reads the `#!` line up to the newline, so a CRLF script asks for the
// interpreter "/bin/sh\r" (ENOENT; dash then says "not found" for a file that exists); a directory or
// FIFO gives EACCES (exit 126). RFC 9110 §5.5: a field value is visible ASCII, space and tab (obs-text
// aside), so NUL, other control bytes and bytes >= 0x80 cannot be sent as x-api-key.
#include <string>
#include <string_view>

#include "catalog/catalog.hpp"

namespace awf::probe_detail {

/// Why `path` cannot be run although it exists: {summary clause, hint}; both empty when nothing is
/// found (missing file, or a runnable-looking file).
struct RunnableProblem {
  std::string what;  ///< e.g. "its #! line ends in a carriage return (CRLF line endings)"
  HintId hint = HintId::helper_path_not_a_program;  ///< the next step (catalog/hints.cpp), when `what` is set
  HintArgs args;     ///< the hint's own values (path_q, interpreter)
};
RunnableProblem runnable_problem(const std::string& path);

/// Index of the first byte of `value` that an HTTP header value cannot carry, or npos.
std::size_t first_non_header_byte(std::string_view value);

/// "NUL", "0x0b", "0xff" … for that byte.
std::string byte_name(unsigned char b);

}  // namespace awf::probe_detail

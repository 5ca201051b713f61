#pragma once
// Private to helper_run.cpp (and its tests): why an apiKeyHelper path that exists still cannot run, and
// whether its output can be a header value at all. Observations only: rules/helper_rules.hpp judges.
//
// Facts used: execve(2) reads the `#!` line up to the newline, so a CRLF script asks for the
// interpreter "/bin/sh\r" (ENOENT; dash then says "not found" for a file that exists); a directory or
// FIFO gives EACCES (exit 126). RFC 9110 §5.5: a field value is visible ASCII, space and tab (obs-text
// aside), so NUL, other control bytes and bytes >= 0x80 cannot be sent as x-api-key.
#include <string>
#include <string_view>

#include "observe/helper_facts.hpp"

namespace awf::probe_detail {

/// Why `path` cannot be run although it exists (kind none: missing file, or a runnable-looking
/// file). Reads only the type and at most 256 bytes of the #! line.
RunnableFacts runnable_problem(const std::string& path);

/// Index of the first byte of `value` that an HTTP header value cannot carry, or npos.
std::size_t first_non_header_byte(std::string_view value);

}  // namespace awf::probe_detail

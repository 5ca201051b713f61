#pragma once
// Raw HTTP over loopback for tests that must send exactly the bytes they choose (capture tests).
#include <string>

namespace awf::test {

/// A loopback TCP port that was free a moment ago (bind to :0, read it, close).
int free_port();

/// Connects to 127.0.0.1:`port` (retrying while the listener starts: at most 100 × 100 ms), sends
/// `req` as is, and returns what arrives until the peer closes (at most 50 × 100 ms of silence).
/// Fails the current test (REQUIRE) when it cannot connect or send.
std::string send_request(int port, const std::string& req);

}  // namespace awf::test

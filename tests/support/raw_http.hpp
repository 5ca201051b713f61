#pragma once
// Raw HTTP over loopback for tests that must send exactly the bytes they choose (capture tests).
#include <functional>
#include <string>
#include <string_view>

namespace awf::test {

/// A loopback TCP port that was free a moment ago (bind to :0, read it, close).
int free_port();

/// One TCP connect to 127.0.0.1:`port`: the socket, or -1 when nothing accepted it.
int connect_loopback(int port);

/// Sends all of `bytes` on `fd` (MSG_NOSIGNAL); false once a send fails (the peer has closed).
bool send_all(int fd, std::string_view bytes);

/// Reads from `fd` until `done(what arrived)` holds, the peer closes, or `max_polls` polls of
/// 100 ms have passed (a poll that brings data counts too), whichever comes first.
std::string read_until(int fd, const std::function<bool(const std::string&)>& done, int max_polls = 50);

/// read_until with no condition: what arrives until the peer closes (at most `max_polls` × 100 ms).
std::string read_until_close(int fd, int max_polls = 50);

/// Connects to 127.0.0.1:`port` (retrying while the listener starts: at most 100 × 100 ms), sends
/// `req` as is, and returns read_until_close(fd, max_polls). Fails the current test (REQUIRE) when
/// it cannot connect or send.
std::string send_request(int port, const std::string& req, int max_polls = 50);

}  // namespace awf::test

#pragma once
// Runs one check by id the way the runner does (id and link set, result kept in `done` for the
// checks that depend on it), with a FakeIo behind the ProbeIo seam: no network, no lab.
// Targets default to loopback ports nothing listens on; tests set `spec` as they need.
#include <chrono>
#include <map>
#include <string>
#include <string_view>

#include <catch.hpp>

#include "core/chain_spec.hpp"
#include "core/redact.hpp"
#include "probes/probes.hpp"
#include "support/fake_io.hpp"

namespace awf::test {

struct ProbeHarness {
  ChainSpec spec;
  std::map<std::string, Check> done;
  SecretSet secrets;
  FakeIo io;

  explicit ProbeHarness(std::string base_url = "http://127.0.0.1:9",
                        std::string upstream_url = "https://api.anthropic.com:4443") {
    spec.base_url = std::move(base_url);
    spec.origin["base_url"] = "flag";  // named, as a test names every hop
    spec.squid_url = "http://127.0.0.1:8";
    spec.upstream_url = std::move(upstream_url);
  }

  /// The check's result after a run with a 30 s deadline; a test failure when no check has `id`.
  Check run(std::string_view id) {
    ProbeContext ctx{spec, Clock::now() + std::chrono::seconds(30), done, secrets, &io};
    for (const auto& d : all_checks())
      if (d.id == id) {
        Check c = d.run(ctx);
        c.id = d.id;
        c.link = d.link;
        done[c.id] = c;
        return c;
      }
    FAIL("no check " << id);
    return {};
  }
};

}  // namespace awf::test

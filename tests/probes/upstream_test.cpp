// probes/upstream.cpp: upstream.reachable on a route whose row has no keyless request or no upstream
// host (new-user F9). Both stop before any request (the FakeIo behind the harness sees none).
#include <catch.hpp>

#include "support/probe_harness.hpp"

using namespace awf;
using awf::test::ProbeHarness;

TEST_CASE("upstream.reachable: a route without a keyless request says so, without --upstream advice once given",
          "[probes][upstream]") {
  ProbeHarness h("http://127.0.0.1:9", "https://127.0.0.1:7");
  h.spec.topology.provider = ProviderId::copilot;
  h.spec.origin["upstream_url"] = "flag";
  const Check c = h.run("upstream.reachable");
  CHECK(c.status == Status::error);
  CHECK(c.summary.find("inconclusive: no keyless request is known for GitHub Copilot") == 0);
  CHECK(c.summary.find("https://127.0.0.1:7") != std::string::npos);
  CHECK(c.summary.find("pass --upstream") == std::string::npos);

  SECTION("a row without an upstream host and none given: name the flag for the route") {
    ProbeHarness g("http://127.0.0.1:9", "");
    g.spec.topology.provider = ProviderId::gemini;
    const Check e = g.run("upstream.reachable");
    CHECK(e.status == Status::error);
    CHECK(e.summary.find("inconclusive: no upstream origin for Gemini") == 0);
    CHECK(e.summary.find("pass --upstream gemini=URL") != std::string::npos);
  }
}

// Redaction is the choke point every output passes through. Measures redact_json + dump of a
// report-sized document against the named baseline: dump alone (what printing costs without it).
// Report the ratio BM_RedactThenDump / BM_DumpOnly.
#include <benchmark/benchmark.h>

#include <nlohmann/json.hpp>

#include "core/redact.hpp"

namespace {

nlohmann::json make_report(int checks) {
  nlohmann::json doc = {{"schema_version", 1}, {"checks", nlohmann::json::array()}};
  for (int i = 0; i < checks; ++i)
    doc["checks"].push_back({{"id", "proxy.forward" + std::to_string(i)},
                             {"summary", "POST /v1/messages {}: connection reset, no HTTP response"},
                             {"evidence",
                              {{"body_excerpt", std::string(400, 'x')},
                               {"headers", {{"request-id", "req_011CFixtureR01probe"}, {"server", "squid/5.7"}}},
                               {"message", "Recv failure: Connection reset by peer"}}},
                             {"hint", "Check the real key for a trailing newline or whitespace."}});
  return doc;
}

void add_secrets(awf::SecretSet& s) {
  for (const char* v : {"test-real-anthropic-key-0001\n", "test-revoked-anthropic-key-0009", "test-gateway-key-0001",
                        "test-oidc-access-token-0001", "[get-claude-key.sh] API key helper invoked"})
    s.add(v);
}

void BM_DumpOnly(benchmark::State& state) {
  auto doc = make_report(static_cast<int>(state.range(0)));
  for (auto _ : state) benchmark::DoNotOptimize(doc.dump());
}

void BM_RedactThenDump(benchmark::State& state) {
  auto doc = make_report(static_cast<int>(state.range(0)));
  awf::SecretSet secrets;
  add_secrets(secrets);
  for (auto _ : state) {
    auto copy = doc;
    awf::redact_json(copy, secrets);
    benchmark::DoNotOptimize(copy.dump());
  }
}

}  // namespace

BENCHMARK(BM_DumpOnly)->Arg(14)->Arg(200);
BENCHMARK(BM_RedactThenDump)->Arg(14)->Arg(200);
BENCHMARK_MAIN();

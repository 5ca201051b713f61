// report/render_util: evidence flattening (new-user F19: an empty request id reads "absent").
#include <catch.hpp>

#include <nlohmann/json.hpp>

#include "report/render_util.hpp"

using namespace awf;

TEST_CASE("flat_evidence: nested keys dotted, nulls left out, an empty request id says absent", "[report]") {
  const nlohmann::json ev = {{"status", 401},
                             {"request_id", ""},
                             {"answer", {{"request_id", "req_01"}, {"error_type", ""}}},
                             {"missing", nullptr}};
  const auto flat = render::flat_evidence(ev);
  const std::vector<std::pair<std::string, std::string>> want = {
      {"answer.error_type", ""}, {"answer.request_id", "req_01"}, {"request_id", "absent"}, {"status", "401"}};
  CHECK(flat == want);
}

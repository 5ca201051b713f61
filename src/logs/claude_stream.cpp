#include "logs/claude_stream.hpp"

#include "logs/json_line.hpp"
#include "logs/text_fields.hpp"

namespace awf::logs {

std::optional<LineUse> read_claude_stream_line(std::string_view line, Where where, ClaudeStreamFacts& f) {
  auto j = parse_json_object(line);
  if (!j) return LineUse::unparsed;
  auto type = json_string(*j, "type");
  if (!type) return std::nullopt;
  std::string subtype = json_string(*j, "subtype").value_or("");
  if (*type == "system" && subtype == "init") {
    ++f.init_count;
    if (auto v = json_string(*j, "apiKeySource")) f.api_key_source = capped(*v, 64);
    if (auto v = json_string(*j, "claude_code_version")) f.version = capped(*v, 32);
    if (auto v = json_string(*j, "model")) f.model = capped(*v, 64);
    if (!f.init.known()) f.init = where;
    return LineUse::used;
  }
  if (*type == "system" && subtype == "api_retry") {
    ++f.api_retry;
    if (!f.first_retry.known()) f.first_retry = where;
    auto status = json_int(*j, "error_status");
    if (!status) ++f.api_retry_null_status;
    if (auto m = json_int(*j, "max_retries")) f.max_retries = *m;
    std::pair<std::optional<long long>, std::string> key{status, capped(json_string(*j, "error").value_or(""), 48)};
    auto it = f.retry_histogram.find(key);
    if (it != f.retry_histogram.end()) ++it->second;
    else if (f.retry_histogram.size() < ClaudeStreamFacts::kMaxKeys) f.retry_histogram.emplace(key, 1);
    else ++f.dropped;
    return LineUse::used;
  }
  if (*type == "result") {
    ++f.results;
    const std::optional<bool> is_error = json_bool(*j, "is_error");
    if (is_error == false) ++f.results_ok;
    else ++f.results_failed;
    // A failed run is never hidden by a later successful one (several agent outputs in one artifact,
    // read in file-name order): the kept fields are the last failed result's once one was seen.
    if (f.is_error == true && is_error != true) return LineUse::used;
    f.is_error = is_error;
    f.total_cost_usd = json_number(*j, "total_cost_usd");
    f.api_error_status = json_int(*j, "api_error_status");
    f.num_turns = json_int(*j, "num_turns");
    f.result_subtype = capped(subtype, 48);
    f.result_text = capped(json_string(*j, "result").value_or(""));
    f.result = where;
    return LineUse::used;
  }
  std::string key = capped(*type, 32) + "/" + capped(subtype, 32);
  auto it = f.other_types.find(key);
  if (it != f.other_types.end()) ++it->second;
  else if (f.other_types.size() < ClaudeStreamFacts::kMaxKeys) f.other_types.emplace(key, 1);
  else ++f.dropped;
  return LineUse::other;
}

std::uint64_t client_attempts(const ClaudeStreamFacts& f) {
  if (f.api_retry == 0 && f.results == 0) return 0;
  return f.api_retry + 1;
}

}  // namespace awf::logs

#pragma once
// Anthropic Messages stream event order (domain.md §6), as a small state machine used by the SSE
// validator: message_start → (content_block_start, content_block_delta…, content_block_stop)* →
// message_delta → message_stop; `ping` anywhere; `error` ends the message; unknown event types are
// tolerated (they do not change the state). Block indices come from the JSON `index` field.
#include <cstdint>
#include <optional>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

namespace awf::sse {

class AnthropicOrder {
 public:
  /// Known Anthropic stream event types (domain.md §6).
  static bool known(const std::string& name);

  /// Feeds one event (its effective name and parsed data, null when not JSON). Returns a one-line
  /// description of the order violation it causes, or nullopt.
  std::optional<std::string> on_event(const std::string& name, const nlohmann::json& data);

  bool stopped() const { return state_ == State::stopped; }
  bool errored() const { return errored_; }
  std::string last_event() const { return last_; }

 private:
  enum class State { start, in_message, after_delta, stopped };
  static constexpr std::size_t kMaxBlocks = 1024;
  State state_ = State::start;
  bool errored_ = false;
  std::set<std::int64_t> open_;
  std::set<std::int64_t> seen_;
  std::string last_;
};

}  // namespace awf::sse

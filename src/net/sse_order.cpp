#include "net/sse_order.hpp"

#include <array>
#include <string_view>

namespace awf::sse {

namespace {
std::optional<std::int64_t> block_index(const nlohmann::json& data) {
  if (data.is_object()) {
    auto it = data.find("index");
    if (it != data.end() && it->is_number_integer()) return it->get<std::int64_t>();
  }
  return std::nullopt;
}

std::string idx_text(const std::optional<std::int64_t>& i) {
  return i ? std::to_string(*i) : std::string("(no index)");
}
}  // namespace

bool AnthropicOrder::known(const std::string& name) {
  static constexpr std::array<std::string_view, 8> kKnown = {
      "message_start", "content_block_start", "content_block_delta", "content_block_stop",
      "message_delta", "message_stop",        "ping",                "error"};
  for (auto k : kKnown)
    if (k == name) return true;
  return false;
}

std::optional<std::string> AnthropicOrder::on_event(const std::string& name, const nlohmann::json& data) {
  const std::string prev = last_;
  if (name != "ping") last_ = name;
  if (name == "ping") return std::nullopt;
  if (state_ == State::stopped) return name + " after message_stop";
  if (errored_) return name + " after an error event";
  if (name == "error") {
    errored_ = true;
    return std::nullopt;
  }
  if (!known(name)) return std::nullopt;  // tolerated
  if (name == "message_start") {
    if (state_ != State::start) return "a second message_start (after " + prev + ")";
    state_ = State::in_message;
    return std::nullopt;
  }
  if (state_ == State::start) return name + " before message_start";
  const auto idx = block_index(data);
  if (name == "content_block_start") {
    if (state_ == State::after_delta) return "content_block_start after message_delta";
    if (!idx) return "content_block_start without an integer index";
    if (open_.count(*idx)) return "content_block_start for block " + idx_text(idx) + ", which is already open";
    if (seen_.count(*idx)) return "content_block_start for block " + idx_text(idx) + ", which was already stopped";
    if (seen_.size() >= kMaxBlocks) return "more than 1024 content blocks";
    open_.insert(*idx);
    seen_.insert(*idx);
    return std::nullopt;
  }
  if (name == "content_block_delta" || name == "content_block_stop") {
    if (state_ == State::after_delta) return name + " after message_delta";
    if (!idx || !open_.count(*idx)) return name + " for block " + idx_text(idx) + ", which is not open";
    if (name == "content_block_stop") open_.erase(*idx);
    return std::nullopt;
  }
  if (name == "message_delta") {
    std::optional<std::string> v;
    if (!open_.empty()) v = "message_delta while block " + std::to_string(*open_.begin()) + " is still open";
    open_.clear();
    state_ = State::after_delta;
    return v;
  }
  // message_stop
  std::optional<std::string> v;
  if (state_ == State::in_message) {
    v = open_.empty() ? std::string("message_stop without message_delta")
                      : "message_stop while block " + std::to_string(*open_.begin()) + " is still open";
  }
  state_ = State::stopped;
  return v;
}

}  // namespace awf::sse

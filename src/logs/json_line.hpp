#pragma once
// Bounded JSON parse of one log line (nlohmann::json), through the shared reader
// core/json_limits.hpp: lines over kMaxJsonLineBytes or nested deeper than kMaxJsonDepth are refused
// without parsing (a crafted line cannot exhaust memory or the stack).
#include <cstddef>
#include <optional>
#include <string_view>

#include <nlohmann/json.hpp>

namespace awf::logs {

inline constexpr std::size_t kMaxJsonLineBytes = 2u << 20;  ///< same as kMaxLineBytes
inline constexpr int kMaxJsonDepth = 64;  ///< = awf::kMaxJsonDepth

/// The JSON object on `line` (leading/trailing blanks allowed), or nullopt when the line is not a
/// JSON object, is too large or too deep, or does not parse. Never throws.
std::optional<nlohmann::json> parse_json_object(std::string_view line);

/// Field accessors that never throw: the value when present and of that type.
std::optional<std::string> json_string(const nlohmann::json& o, const char* key);
std::optional<long long> json_int(const nlohmann::json& o, const char* key);
std::optional<double> json_number(const nlohmann::json& o, const char* key);
std::optional<bool> json_bool(const nlohmann::json& o, const char* key);

}  // namespace awf::logs

#include "logs/squid_audit.hpp"

#include "logs/text_fields.hpp"

namespace awf::logs {

std::optional<AccessEntry> parse_audit_line(std::string_view line, AuditVariant* variant, bool* other_event) {
  if (other_event) *other_event = false;
  std::string_view t = trim(line);
  if (t.size() < 2 || t.front() != '{' || t.back() != '}') return std::nullopt;
  if (auto ev = lenient_json_field(t, "event"); ev && *ev != "http_access") {
    if (other_event) *other_event = true;
    return std::nullopt;
  }
  auto client = lenient_json_field(t, "client");
  auto method = lenient_json_field(t, "method");
  auto status = lenient_json_field(t, "status");
  auto decision = lenient_json_field(t, "decision");
  if (!client || !method || !status || !decision) return std::nullopt;
  auto st = parse_uint(*status);
  if (!st || *st > 999) return std::nullopt;
  AccessEntry e;
  if (auto ts = lenient_json_field(t, "ts")) {
    auto ms = parse_epoch_ms(*ts);
    if (!ms) return std::nullopt;
    e.ts_ms = *ms;
    if (variant) *variant = AuditVariant::ts_float;
  } else if (auto iso = lenient_json_field(t, "timestamp")) {
    auto ms = parse_iso_ms(*iso);
    if (!ms) return std::nullopt;
    e.ts_ms = *ms;
    if (variant) *variant = AuditVariant::iso_timestamp;
  } else {
    return std::nullopt;
  }
  e.client_ip = *client;
  e.method = *method;
  e.status = static_cast<int>(*st);
  e.result = *decision;
  e.url = lenient_json_field(t, "url").value_or("");
  e.host = lenient_json_field(t, "host").value_or("");
  if (e.host.empty() || e.host == "-") e.host = e.url;
  e.dest = lenient_json_field(t, "dest").value_or("-");
  return e;
}

}  // namespace awf::logs

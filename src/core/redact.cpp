#include "core/redact.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <cctype>

#include <fmt/format.h>

#include "core/escape_decode.hpp"
#include "topology/providers.hpp"

namespace awf {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

std::string mask(std::string_view secret) {
  return fmt::format("[redacted len={} {}]", secret.size(), fingerprint(secret));
}

bool key_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
}

/// A run of text to replace by `mask`; [begin, end) in bytes.
struct Span {
  std::size_t begin = 0;
  std::size_t end = 0;
  std::string mask;
};

/// `text` with every span replaced; overlapping spans are merged (the first one's mask is shown).
std::string apply_spans(std::string_view text, std::vector<Span> spans) {
  if (spans.empty()) return std::string(text);
  std::sort(spans.begin(), spans.end(), [](const Span& a, const Span& b) { return a.begin < b.begin; });
  std::string out;
  out.reserve(text.size());
  std::size_t at = 0;
  for (std::size_t i = 0; i < spans.size();) {
    std::size_t end = spans[i].end;
    std::size_t j = i + 1;
    for (; j < spans.size() && spans[j].begin < end; ++j) end = std::max(end, spans[j].end);
    out.append(text.substr(at, spans[i].begin - at));
    out += spans[i].mask;
    at = end;
    i = j;
  }
  out.append(text.substr(at));
  return out;
}

// Every `prefix` + at least `min_chars` key chars that is not a placeholder (shape-based second net).
void shape_spans(std::string_view text, std::string_view prefix, std::size_t min_chars, std::vector<Span>& out) {
  std::size_t pos = 0;
  while ((pos = text.find(prefix, pos)) != std::string_view::npos) {
    // A prefix inside a longer word ("xghp_") is not a token start.
    if (pos > 0 && key_char(text[pos - 1])) {
      pos += prefix.size();
      continue;
    }
    std::size_t end = pos + prefix.size();
    while (end < text.size() && key_char(text[end])) ++end;
    const std::string_view token = text.substr(pos, end - pos);
    if (end - pos - prefix.size() >= min_chars && !is_public_placeholder(token)) out.push_back({pos, end, mask(token)});
    pos = end;
  }
}

/// The base64 characters of `v` that do not depend on what surrounds it, for each alignment (0, 1
/// or 2 bytes before it inside a longer encoded text): characters whose 6 bits lie wholly inside v's
/// bytes (RFC 4648 §4), in the standard, URL-safe (§5) and percent-encoded alphabets.
std::vector<std::string> base64_cores(std::string_view v) {
  std::vector<std::string> out;
  for (std::size_t k = 0; k < 3; ++k) {
    const std::string b = base64(std::string(k, '\0') + std::string(v));
    const std::size_t first = (8 * k + 5) / 6;          // first char with no prefix bit
    const std::size_t end = (8 * (k + v.size())) / 6;   // chars before it hold v's bits only
    if (end <= first || end - first < kMinSecretBytes) continue;
    std::string core = b.substr(first, end - first);
    std::string url_safe = core;
    std::replace(url_safe.begin(), url_safe.end(), '+', '-');
    std::replace(url_safe.begin(), url_safe.end(), '/', '_');
    std::string percent;
    for (char ch : core) percent += ch == '+' ? std::string("%2B") : ch == '/' ? std::string("%2F") : std::string(1, ch);
    for (std::string* s : {&core, &url_safe, &percent})
      if (std::find(out.begin(), out.end(), *s) == out.end()) out.push_back(std::move(*s));
  }
  return out;
}

/// Every run of `text` that matches at least `w` consecutive bytes of `secret` (w = three quarters
/// of it), extended both ways to the longest such run. Every such run holds the secret's middle bytes
/// [L-w, w) at the matching place, so one scan for them finds all runs.
std::vector<Span> window_spans(std::string_view text, const std::string& secret) {
  std::vector<Span> out;
  const std::size_t n = secret.size();
  if (n < kMinWindowBytes) return out;
  const std::size_t w = (3 * n + 3) / 4;
  const std::size_t mid_at = n - w;
  const std::string_view mid(secret.data() + mid_at, 2 * w - n);
  std::size_t pos = 0;
  while ((pos = text.find(mid, pos)) != std::string_view::npos) {
    std::size_t left = pos, s_left = mid_at, right = pos + mid.size(), s_right = mid_at + mid.size();
    while (left > 0 && s_left > 0 && text[left - 1] == secret[s_left - 1]) --left, --s_left;
    while (right < text.size() && s_right < n && text[right] == secret[s_right]) ++right, ++s_right;
    if (right - left < w) {
      ++pos;
      continue;
    }
    out.push_back({left, right, mask(secret)});
    pos = right;
  }
  return out;
}

/// Every occurrence of `secret` in `text`, left to right, not overlapping.
std::vector<Span> exact_spans(std::string_view text, const std::string& secret) {
  std::vector<Span> out;
  for (std::size_t pos = 0; (pos = text.find(secret, pos)) != std::string_view::npos; pos += secret.size())
    out.push_back({pos, pos + secret.size(), out.empty() ? mask(secret) : out.front().mask});
  return out;
}

bool token68_char(char c) {  // RFC 7235 token68, plus what keys and JWTs hold
  return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.' || c == '~' || c == '+' ||
         c == '/' || c == '=';
}

bool ieq_at(std::string_view text, std::size_t at, std::string_view word) {
  if (at + word.size() > text.size()) return false;
  for (std::size_t i = 0; i < word.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(text[at + i])) != word[i]) return false;
  return true;
}

// A word, not a credential, unless it holds a digit or mixes cases over 16 or more chars ("basic
// authentication" in an error text is prose; keys and tokens carry digits).
bool credential_like(std::string_view v) {
  bool digit = false, upper = false, lower = false;
  for (char c : v) {
    digit |= std::isdigit(static_cast<unsigned char>(c)) != 0;
    upper |= std::isupper(static_cast<unsigned char>(c)) != 0;
    lower |= std::islower(static_cast<unsigned char>(c)) != 0;
  }
  return digit || (v.size() >= 16 && upper && lower);
}

// The value after each case-insensitive `name` (a credential's syntax: an auth scheme, a header, a
// query parameter) that starts a word: at least kMinSecretBytes value chars, not a placeholder, not
// a stand-in the tool writes itself (`$VAR`, `<key>`, `{key_var}`, an earlier mask `[redacted …`).
void syntax_spans(std::string_view text, std::string_view name, bool spaces_after, bool (*value_char)(char),
                  std::vector<Span>& out) {
  for (std::size_t pos = 0; pos < text.size(); ++pos) {
    if (!ieq_at(text, pos, name) || (pos > 0 && std::isalnum(static_cast<unsigned char>(text[pos - 1])))) continue;
    std::size_t v = pos + name.size();
    while (spaces_after && v < text.size() && (text[v] == ' ' || text[v] == '\t')) ++v;
    std::size_t end = v;
    while (end < text.size() && value_char(text[end])) ++end;
    const std::string_view value = text.substr(v, end - v);
    if (value.size() >= kMinSecretBytes && credential_like(value) && !is_public_placeholder(value))
      out.push_back({v, end, mask(value)});
    pos = end > pos ? end - 1 : pos;
  }
}

bool query_value_char(char c) {
  return c != '&' && c != '#' && c != '"' && c != '\'' && c != '`' && c != '<' && c != '>' &&
         !std::isspace(static_cast<unsigned char>(c)) && c != ',' && c != ';' && c != ')' && c != ']' && c != '}';
}

// Credentials written in their own syntax in any text (a log line, an echoed error): the token after
// an auth scheme (RFC 7235 §2.1: `Bearer`, `Basic`), the value of a key header (x-api-key,
// api-key, x-goog-api-key) and of a credential query or form parameter (key=, api_key=, token=, …).
std::vector<Span> credential_syntax_spans(std::string_view text) {
  std::vector<Span> out;
  for (std::string_view scheme : {"bearer ", "basic "}) syntax_spans(text, scheme, true, token68_char, out);
  for (std::string_view header : {"x-api-key:", "api-key:", "x-goog-api-key:"})
    syntax_spans(text, header, true, token68_char, out);
  for (std::string_view param : {"key=", "api_key=", "apikey=", "api-key=", "token=", "access_token=", "auth=",
                                 "password=", "secret="})
    syntax_spans(text, param, false, query_value_char, out);
  return out;
}

std::vector<Span> key_shape_spans(std::string_view text) {
  std::vector<Span> out = credential_syntax_spans(text);
  shape_spans(text, "sk-ant-", 8, out);
  for (std::string_view p : {"ghp_", "gho_", "ghs_", "ghr_", "ghu_", "github_pat_"}) shape_spans(text, p, 20, out);
  return out;
}

/// Registered secrets, partial echoes and key shapes in `view`, in its coordinates. A byte that is part
/// of a match is blanked so a shorter secret cannot match it again.
std::vector<Span> view_spans(std::string& view, const SecretSet& secrets) {
  std::vector<Span> spans;
  auto take = [&](std::vector<Span> found) {
    for (Span& s : found) {
      std::fill(view.begin() + static_cast<std::ptrdiff_t>(s.begin), view.begin() + static_cast<std::ptrdiff_t>(s.end), '\0');
      spans.push_back(std::move(s));
    }
  };
  for (const auto& s : secrets.values()) take(exact_spans(view, s));
  for (const auto& s : secrets.window_values()) take(window_spans(view, s));
  take(key_shape_spans(view));
  return spans;
}

/// The second look (core/escape_decode.hpp): view_spans in the text with one layer of %XX, &#NN; and
/// JSON u-escapes decoded, then in that view with one more layer decoded (`%2573`, a JSON body that
/// escaped an already escaped value), each match masked over the escapes it came from.
std::string mask_escaped(std::string text, const SecretSet& secrets) {
  if (!may_hold_escapes(text)) return text;
  DecodedView d1 = decode_escapes(text);
  if (d1.text.size() == text.size()) return text;  // nothing decoded
  std::vector<Span> spans = view_spans(d1.text, secrets);
  for (Span& s : spans) {
    s.begin = d1.from[s.begin];
    s.end = d1.from[s.end];
  }
  if (may_hold_escapes(d1.text)) {
    DecodedView d2 = decode_escapes(d1.text);  // blanked matches stay blank
    if (d2.text.size() != d1.text.size())
      for (Span& s : view_spans(d2.text, secrets)) {
        s.begin = d1.from[d2.from[s.begin]];
        s.end = d1.from[d2.from[s.end]];
        spans.push_back(std::move(s));
      }
  }
  return apply_spans(text, std::move(spans));
}

bool token_end(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '"' || c == '\'' || c == '<' || c == '>' ||
         c == '`';
}

// Masks the whole userinfo of `scheme://userinfo@host` (RFC 3986 §3.2.1) wherever a URL appears:
// proxy URLs and base URLs may carry credentials that no credential variable names, and a token may
// be the user name. The userinfo runs to the LAST '@' before the URL's end (whitespace or a quote),
// so a raw '@', '/', '#' or '?' inside a password does not end it early.
std::string mask_url_userinfo(std::string text) {
  std::size_t pos = 0;
  while ((pos = text.find("://", pos)) != std::string::npos) {
    const std::size_t start = pos + 3;
    std::size_t end = start;
    while (end < text.size() && !token_end(text[end])) ++end;
    std::size_t at = std::string::npos;
    for (std::size_t i = start; i < end; ++i)
      if (text[i] == '@') at = i;
    if (at != std::string::npos && at > start) {
      std::string_view info(text.data() + start, at - start);
      if (info.rfind("[redacted", 0) != 0) {
        std::string m = mask(info);
        text.replace(start, info.size(), m);
        end = start + m.size();
      }
    }
    pos = end > start ? end : start;
  }
  return text;
}

}  // namespace

bool is_public_placeholder(std::string_view value) {
  value = trim(value);
  return is_placeholder(value);  // every provider's placeholders: topology/providers.cpp
}

std::string fingerprint(std::string_view value) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(value.data(), value.size(), digest, &len, EVP_sha256(), nullptr);
  std::string hex;
  for (unsigned int i = 0; i < 6 && i < len; ++i) hex += fmt::format("{:02x}", digest[i]);
  return "sha256:" + hex;
}

nlohmann::json describe_secret(std::string_view value) {
  if (is_public_placeholder(value))
    return {{"present", true}, {"length", value.size()}, {"value", std::string(trim(value))},
            {"placeholder", true}};
  return {{"present", true}, {"length", value.size()}, {"fingerprint", fingerprint(value)}};
}

void SecretSet::insert_locked(std::string_view v, bool windowed) {
  if (std::find(values_.begin(), values_.end(), v) == values_.end()) values_.emplace_back(v);
  if (windowed && v.size() >= kMinWindowBytes && std::find(windowed_.begin(), windowed_.end(), v) == windowed_.end())
    windowed_.emplace_back(v);
}

void SecretSet::add(std::string_view value) {
  std::lock_guard<std::mutex> lock(mu_);
  for (std::string_view v : {value, trim(value)}) {
    if (v.size() < kMinSecretBytes || is_public_placeholder(v)) continue;
    insert_locked(v, true);
    for (const std::string& core : base64_cores(v)) insert_locked(core, false);
  }
  auto longest_first = [](const std::string& a, const std::string& b) { return a.size() > b.size(); };
  std::sort(values_.begin(), values_.end(), longest_first);
  std::sort(windowed_.begin(), windowed_.end(), longest_first);
}

std::vector<std::string> SecretSet::window_values() const {
  std::lock_guard<std::mutex> lock(mu_);
  return windowed_;
}

void SecretSet::add_derived(std::string_view value) {
  add(value);
  for (std::string_view v : {value, trim(value)}) {
    std::string dec = url_decode(v);
    if (dec != v) add(dec);
    std::string enc = url_encode(v);
    if (enc != v) {
      add(enc);
      add(url_encode(v, true));
    }
  }
}

std::string url_decode(std::string_view s) {
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && hex(s[i + 1]) >= 0 && hex(s[i + 2]) >= 0) {
      out += static_cast<char>(hex(s[i + 1]) * 16 + hex(s[i + 2]));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

std::string url_encode(std::string_view s, bool lower_hex) {
  const char* digits = lower_hex ? "0123456789abcdef" : "0123456789ABCDEF";
  std::string out;
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out += ch;
    } else {
      out += '%';
      out += digits[c >> 4];
      out += digits[c & 15];
    }
  }
  return out;
}

std::string base64(std::string_view s) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((s.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 2 < s.size(); i += 3) {
    unsigned v = (static_cast<unsigned char>(s[i]) << 16) | (static_cast<unsigned char>(s[i + 1]) << 8) |
                 static_cast<unsigned char>(s[i + 2]);
    for (int k = 18; k >= 0; k -= 6) out += kAlphabet[(v >> k) & 63];
  }
  if (i < s.size()) {
    unsigned v = static_cast<unsigned char>(s[i]) << 16;
    if (i + 1 < s.size()) v |= static_cast<unsigned char>(s[i + 1]) << 8;
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += i + 1 < s.size() ? kAlphabet[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

namespace {

void register_userinfo(std::string_view info, SecretSet& secrets) {
  if (info.empty()) return;
  secrets.add_derived(info);
  const std::size_t colon = info.find(':');
  std::string_view user = info.substr(0, colon);
  std::string_view pass = colon == std::string_view::npos ? std::string_view() : info.substr(colon + 1);
  secrets.add_derived(user);
  if (!pass.empty()) secrets.add_derived(pass);
  // What libcurl sends: base64 of the URL-decoded "user:password" (RFC 7617); also of the raw text.
  const std::string plain = url_decode(user) + ":" + url_decode(pass);
  secrets.add(base64(plain));
  secrets.add(base64(std::string(user) + ":" + std::string(pass)));
  if (colon == std::string_view::npos) secrets.add(base64(url_decode(user)));
}

}  // namespace

void register_url_credentials(std::string_view url, SecretSet& secrets) {
  std::string_view rest = url;
  if (auto p = rest.find("://"); p != std::string_view::npos) rest.remove_prefix(p + 3);
  // Reading 1: everything up to the last '@' is userinfo.
  if (auto at = rest.rfind('@'); at != std::string_view::npos) register_userinfo(rest.substr(0, at), secrets);
  // Reading 2 (RFC 3986 / libcurl): the authority ends at the first '/', '?' or '#'.
  std::string_view authority = rest.substr(0, rest.find_first_of("/?#"));
  if (auto at = authority.rfind('@'); at != std::string_view::npos) register_userinfo(authority.substr(0, at), secrets);
}

std::vector<std::string> SecretSet::values() const {
  std::lock_guard<std::mutex> lock(mu_);
  return values_;
}

std::string redact(std::string_view text, const SecretSet& secrets) {
  std::string out = mask_url_userinfo(std::string(text));
  for (const auto& s : secrets.values()) {
    std::size_t pos = 0;
    std::string m;
    while ((pos = out.find(s, pos)) != std::string::npos) {
      if (m.empty()) m = mask(s);
      out.replace(pos, s.size(), m);
      pos += m.size();
    }
  }
  for (const auto& s : secrets.window_values()) out = apply_spans(out, window_spans(out, s));
  out = apply_spans(out, key_shape_spans(out));
  return mask_escaped(std::move(out), secrets);
}

void redact_json(nlohmann::json& doc, const SecretSet& secrets) {
  if (doc.is_string()) {
    doc = redact(doc.get_ref<const std::string&>(), secrets);
  } else if (doc.is_array()) {
    for (auto& e : doc) redact_json(e, secrets);
  } else if (doc.is_object()) {
    for (auto& [key, value] : doc.items()) redact_json(value, secrets);
  }
}

}  // namespace awf

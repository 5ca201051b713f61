#include "core/redact.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <cctype>

#include <fmt/format.h>

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

// Masks `sk-ant-` tokens of 8+ key chars that are not placeholders (shape-based second net).
std::string mask_key_shapes(std::string text) {
  static constexpr std::string_view kPrefix = "sk-ant-";
  std::size_t pos = 0;
  while ((pos = text.find(kPrefix, pos)) != std::string::npos) {
    std::size_t end = pos + kPrefix.size();
    while (end < text.size() && key_char(text[end])) ++end;
    std::string_view token(text.data() + pos, end - pos);
    if (end - pos - kPrefix.size() >= 8 && !is_public_placeholder(token)) {
      std::string m = mask(token);
      text.replace(pos, end - pos, m);
      pos += m.size();
    } else {
      pos = end;
    }
  }
  return text;
}

// Masks the password of `scheme://user:password@host` userinfo (RFC 3986 §3.2.1) wherever a URL
// appears: proxy URLs and base URLs may carry credentials that no credential variable names.
std::string mask_url_passwords(std::string text) {
  std::size_t pos = 0;
  while ((pos = text.find("://", pos)) != std::string::npos) {
    std::size_t start = pos + 3, i = start;
    std::size_t colon = std::string::npos;
    while (i < text.size() && text[i] != '@' && text[i] != '/' && text[i] != ' ' && text[i] != '"' &&
           text[i] != '\n' && text[i] != '?' && text[i] != '#') {
      if (text[i] == ':' && colon == std::string::npos) colon = i;
      ++i;
    }
    if (i < text.size() && text[i] == '@' && colon != std::string::npos && i > colon + 1) {
      std::string_view pw(text.data() + colon + 1, i - colon - 1);
      if (pw.rfind("[redacted", 0) != 0) {
        std::string m = mask(pw);
        text.replace(colon + 1, pw.size(), m);
        i = colon + 1 + m.size();
      }
    }
    pos = i;
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

void SecretSet::add(std::string_view value) {
  std::lock_guard<std::mutex> lock(mu_);
  for (std::string_view v : {value, trim(value)}) {
    if (v.size() < kMinSecretBytes || is_public_placeholder(v)) continue;
    if (std::find(values_.begin(), values_.end(), v) == values_.end()) values_.emplace_back(v);
  }
  std::sort(values_.begin(), values_.end(),
            [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
}

std::vector<std::string> SecretSet::values() const {
  std::lock_guard<std::mutex> lock(mu_);
  return values_;
}

std::string redact(std::string_view text, const SecretSet& secrets) {
  std::string out(text);
  for (const auto& s : secrets.values()) {
    std::size_t pos = 0;
    std::string m;
    while ((pos = out.find(s, pos)) != std::string::npos) {
      if (m.empty()) m = mask(s);
      out.replace(pos, s.size(), m);
      pos += m.size();
    }
  }
  return mask_url_passwords(mask_key_shapes(std::move(out)));
}

void redact_json(nlohmann::json& doc, const SecretSet& secrets) {
  if (doc.is_string()) {
    doc = redact(doc.get_ref<const std::string&>(), secrets);
  } else if (doc.is_array()) {
    for (auto& e : doc) redact_json(e, secrets);
  } else if (doc.is_object()) {
    nlohmann::json out = nlohmann::json::object();
    for (auto it = doc.begin(); it != doc.end(); ++it) {
      nlohmann::json v = it.value();
      redact_json(v, secrets);
      out[redact(it.key(), secrets)] = std::move(v);
    }
    doc = std::move(out);
  }
}

}  // namespace awf

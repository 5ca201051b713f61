#include "core/command_secrets.hpp"
#include "core/ascii.hpp"

#include <algorithm>
#include <cctype>

namespace awf {
namespace {

bool has_any(const std::string& lowered, std::initializer_list<const char*> words) {
  for (const char* w : words)
    if (lowered.find(w) != std::string::npos) return true;
  return false;
}

void add_header_value(std::string_view header, SecretSet& s) {
  auto colon = header.find(':');
  std::string_view v = colon == std::string_view::npos ? header : header.substr(colon + 1);
  while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
  if (v.empty()) return;
  s.add_derived(v);
  auto sp = v.find(' ');
  if (sp != std::string_view::npos) {
    std::string scheme = ascii_lower(v.substr(0, sp));
    if (scheme == "bearer" || scheme == "basic" || scheme == "token") s.add_derived(v.substr(sp + 1));
  }
}

void add_user(std::string_view userpass, SecretSet& s) {
  s.add_derived(userpass);
  if (auto c = userpass.find(':'); c != std::string_view::npos) s.add_derived(userpass.substr(c + 1));
  s.add(base64(userpass));
}

}  // namespace

void register_url_secrets(std::string_view url, SecretSet& s) {
  register_url_credentials(url, s);
  auto q = url.find('?');
  if (q == std::string_view::npos) return;
  std::string_view query = url.substr(q + 1);
  query = query.substr(0, query.find('#'));
  std::size_t pos = 0;
  while (pos <= query.size()) {
    std::size_t amp = query.find('&', pos);
    std::string_view pair = query.substr(pos, amp == std::string_view::npos ? std::string_view::npos : amp - pos);
    if (auto eq = pair.find('='); eq != std::string_view::npos && eq + 1 < pair.size()) s.add_derived(pair.substr(eq + 1));
    if (amp == std::string_view::npos) break;
    pos = amp + 1;
  }
}

namespace {

bool token_shaped(std::string_view w) {
  for (std::string_view p : {"sk-", "ghp_", "gho_", "ghs_", "ghr_", "ghu_", "github_pat_", "xox"})
    if (w.size() >= 8 + p.size() && w.substr(0, p.size()) == p) return true;
  if (w.size() < 20 || w.front() == '-') return false;
  bool letter = false, digit = false;
  for (char ch : w) {
    auto c = static_cast<unsigned char>(ch);
    if (std::isalpha(c)) letter = true;
    else if (std::isdigit(c)) digit = true;
    else if (c != '_' && c != '-' && c != '.' && c != '+' && c != '=') return false;
  }
  return letter && digit;
}

bool secret_name(const std::string& name) {
  return has_any(ascii_lower(name), {"key", "token", "secret", "pass", "auth"});
}

/// Variables whose values describe the system, never a credential: left readable.
bool system_name(const std::string& name) {
  for (const char* n : {"PATH", "HOME", "LANG", "LANGUAGE", "TZ", "TERM", "TMPDIR", "SHELL", "USER", "LOGNAME", "PWD"})
    if (name == n) return true;
  return name.rfind("LC_", 0) == 0;
}

/// A leading assignment (`VAULT_TOKEN=… helper`): the helper's own environment, the ordinary way to
/// hand it a credential. Its value is registered whatever the name, unless the name is secret-free by
/// definition (system_name) or the value is a path; a URL registers its userinfo and query values.
void add_leading_assignment(const std::string& word, SecretSet& s) {
  const std::size_t eq = word.find('=');
  const std::string name = word.substr(0, eq);
  const std::string_view value = std::string_view(word).substr(eq + 1);
  if (secret_name(name)) {
    s.add_derived(value);
  } else if (value.find("://") != std::string_view::npos) {
    register_url_secrets(value, s);
  } else if (!system_name(name) && !value.empty() && value[0] != '/' && value[0] != '~' && value[0] != '.') {
    s.add_derived(value);
  }
}

}  // namespace

void register_command_secrets(std::string_view command, SecretSet& s) {
  const auto split = shell_split(command);
  const SimpleCommand sc = first_simple_command(split);
  for (std::size_t i : sc.assignments) add_leading_assignment(split[i].text, s);
  std::vector<std::string> words;
  for (const ShellWord& w : split) words.push_back(w.text);
  // The program itself is never registered (R02 must name it), except the value of a `NAME=VALUE`
  // program word (`'VAULT_TOKEN=x' helper` runs a program of that name) whose name looks secret.
  if (sc.program < words.size() && split[sc.program].text.find('=') != std::string::npos) {
    const std::string& w = words[sc.program];
    if (const auto eq = w.find('='); eq > 0 && secret_name(w.substr(0, eq))) s.add_derived(std::string_view(w).substr(eq + 1));
  }
  for (std::size_t i = sc.rest; i < words.size(); ++i) {
    const std::string& w = words[i];
    const std::string* next = i + 1 < words.size() ? &words[i + 1] : nullptr;
    const std::string lw = ascii_lower(w);
    if (w == "-H" || w == "--header" || w == "--proxy-header") {
      if (next) add_header_value(*next, s);
      ++i;
      continue;
    }
    if (w.rfind("-H", 0) == 0 && w.size() > 2) {
      add_header_value(std::string_view(w).substr(2), s);
      continue;
    }
    if (w == "-u" || w == "--user" || w == "-U" || w == "--proxy-user") {
      if (next) add_user(*next, s);
      ++i;
      continue;
    }
    if (w.rfind("--", 0) == 0) {
      auto eq = w.find('=');
      std::string name = ascii_lower(w.substr(2, eq == std::string::npos ? std::string::npos : eq - 2));
      if (name == "header" || name == "proxy-header") {
        if (eq != std::string::npos) add_header_value(std::string_view(w).substr(eq + 1), s);
        continue;
      }
      if (name == "user" || name == "proxy-user") {
        if (eq != std::string::npos) add_user(std::string_view(w).substr(eq + 1), s);
        continue;
      }
      if (has_any(name, {"token", "secret", "password", "passwd", "key", "auth"})) {
        if (eq != std::string::npos) {
          s.add_derived(std::string_view(w).substr(eq + 1));
        } else if (next) {
          s.add_derived(*next);
          ++i;
        }
        continue;
      }
    }
    if (auto eq = w.find('='); eq != std::string::npos && eq > 0 && w.find("://") == std::string::npos) {
      if (secret_name(w.substr(0, eq))) s.add_derived(std::string_view(w).substr(eq + 1));
    }
    if (w.find("://") != std::string::npos) register_url_secrets(w, s);
    if (lw.find('/') == std::string::npos && token_shaped(w)) s.add_derived(w);
  }
}

}  // namespace awf

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

}  // namespace

std::vector<std::string> shell_words(std::string_view cmd) {
  std::vector<std::string> words;
  std::string cur;
  bool in_word = false;
  for (std::size_t i = 0; i < cmd.size(); ++i) {
    char c = cmd[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == ';' || c == '|' || c == '&') {
      if (in_word) words.push_back(std::move(cur));
      cur.clear();
      in_word = false;
      continue;
    }
    in_word = true;
    if (c == '\'') {
      std::size_t end = cmd.find('\'', i + 1);
      if (end == std::string_view::npos) end = cmd.size();
      cur.append(cmd.substr(i + 1, end - i - 1));
      i = end;
    } else if (c == '"') {
      std::size_t j = i + 1;
      for (; j < cmd.size() && cmd[j] != '"'; ++j) {
        if (cmd[j] == '\\' && j + 1 < cmd.size() && std::string_view("\"\\$`").find(cmd[j + 1]) != std::string_view::npos)
          ++j;
        cur += cmd[j];
      }
      i = j;
    } else if (c == '\\' && i + 1 < cmd.size()) {
      cur += cmd[++i];
    } else {
      cur += c;
    }
  }
  if (in_word) words.push_back(std::move(cur));
  return words;
}

void register_command_secrets(std::string_view command, SecretSet& s) {
  const auto words = shell_words(command);
  for (std::size_t i = 1; i < words.size(); ++i) {
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
      std::string name = ascii_lower(w.substr(0, eq));
      if (has_any(name, {"key", "token", "secret", "pass", "auth"})) s.add_derived(std::string_view(w).substr(eq + 1));
    }
    if (w.find("://") != std::string::npos) register_url_secrets(w, s);
    if (lw.find('/') == std::string::npos && token_shaped(w)) s.add_derived(w);
  }
}

}  // namespace awf

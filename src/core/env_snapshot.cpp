#include "core/env_snapshot.hpp"

#include "core/text_file.hpp"

#include <cctype>
#include <fstream>
#include <sstream>
#include <stdexcept>

extern char** environ;

namespace awf {

std::optional<std::string> EnvSnapshot::get(std::string_view name) const {
  auto it = vars.find(std::string(name));
  if (it == vars.end()) return std::nullopt;
  return it->second;
}

std::vector<std::string> EnvSnapshot::to_envp() const {
  std::vector<std::string> out;
  out.reserve(vars.size());
  for (const auto& [k, v] : vars) out.push_back(k + "=" + v);
  return out;
}

EnvSnapshot env_from_process() {
  EnvSnapshot snap;
  snap.source = "process";
  for (char** e = environ; e && *e; ++e) {
    std::string_view kv(*e);
    auto eq = kv.find('=');
    if (eq == std::string_view::npos || eq == 0) continue;
    snap.vars[std::string(kv.substr(0, eq))] = std::string(kv.substr(eq + 1));
  }
  return snap;
}

namespace {

bool valid_name(std::string_view n) {
  if (n.empty() || std::isdigit(static_cast<unsigned char>(n[0]))) return false;
  for (char c : n)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_')) return false;
  return true;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// `"value" # comment` / `'value' # comment`: drop what follows the closing quote. Unquoted values
// keep '#' (docker's env-file grammar does too).
std::string_view strip_comment(std::string_view v) {
  if (v.empty() || (v.front() != '"' && v.front() != '\'')) return v;
  char q = v.front();
  for (std::size_t i = 1; i < v.size(); ++i) {
    if (q == '"' && v[i] == '\\') {
      ++i;
      continue;
    }
    if (v[i] == q) {
      std::string_view rest = trim(v.substr(i + 1));
      if (rest.empty() || rest.front() == '#') return v.substr(0, i + 1);
      return v;
    }
  }
  return v;
}

/// `/proc/<pid>/environ` and `env -0`: NUL-terminated KEY=VALUE entries, taken verbatim (a value may
/// hold a newline: exactly the key-hygiene fault the tool looks for). Entries without '=' or with an
/// invalid name are errors naming the entry number, never its text.
EnvSnapshot parse_nul_separated(std::string_view text, const std::string& origin) {
  EnvSnapshot snap;
  snap.source = origin;
  std::size_t n = 0, pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find('\0', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view entry = text.substr(pos, end - pos);
    pos = end + 1;
    ++n;
    if (entry.empty()) continue;
    auto eq = entry.find('=');
    if (eq == std::string_view::npos || !valid_name(entry.substr(0, eq)))
      throw std::runtime_error(origin + ": NUL-separated entry " + std::to_string(n) +
                               " is not NAME=VALUE (its text is not shown: it may hold a credential)");
    snap.vars[std::string(entry.substr(0, eq))] = std::string(entry.substr(eq + 1));
  }
  return snap;
}

std::string unquote(std::string_view v, const std::string& where) {
  if (v.size() >= 2 && v.front() == '\'' && v.back() == '\'') return std::string(v.substr(1, v.size() - 2));
  if (v.size() >= 1 && v.front() == '"') {
    if (v.size() < 2 || v.back() != '"') throw std::runtime_error(where + ": unterminated double quote");
    std::string out;
    for (std::size_t i = 1; i + 1 < v.size(); ++i) {
      char c = v[i];
      if (c == '\\' && i + 2 < v.size()) {
        char n = v[++i];
        switch (n) {
          case 'n': out += '\n'; break;
          case 'r': out += '\r'; break;
          case 't': out += '\t'; break;
          default: out += n; break;
        }
      } else {
        out += c;
      }
    }
    return out;
  }
  return std::string(v);
}

}  // namespace

EnvSnapshot env_from_text(std::string_view text, const std::string& origin) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);  // UTF-8 byte order mark
  if (text.find('\0') != std::string_view::npos) {
    EnvSnapshot snap = parse_nul_separated(text, origin);
    if (snap.vars.empty()) throw std::runtime_error(origin + ": no NAME=VALUE entry in it");
    return snap;
  }
  EnvSnapshot snap;
  snap.source = origin;
  std::size_t line_no = 0, pos = 0;
  while (pos <= text.size()) {
    auto nl = text.find('\n', pos);
    std::string_view line = text.substr(pos, nl == std::string_view::npos ? text.size() - pos : nl - pos);
    pos = (nl == std::string_view::npos) ? text.size() + 1 : nl + 1;
    ++line_no;
    line = trim(line);
    if (line.empty() || line.front() == '#') continue;
    if (line.size() > 7 && line.substr(0, 6) == "export" && (line[6] == ' ' || line[6] == '\t'))
      line = trim(line.substr(7));
    // Errors name the line, never its text: a line of an env file may hold a credential.
    std::string where = origin + ":" + std::to_string(line_no);
    auto eq = line.find('=');
    if (eq == std::string_view::npos) throw std::runtime_error(where + ": expected KEY=VALUE (the line is not shown)");
    std::string_view name = trim(line.substr(0, eq));
    if (!valid_name(name))
      throw std::runtime_error(where + ": the text before '=' is not a variable name (the line is not shown)");
    snap.vars[std::string(name)] = unquote(strip_comment(trim(line.substr(eq + 1))), where);
  }
  if (snap.vars.empty()) throw std::runtime_error(origin + ": no KEY=VALUE line in it");
  return snap;
}

EnvSnapshot env_from_file(const std::string& path) {
  return env_from_text(read_text_file(path, kMaxEnvFileBytes), "env-file:" + path);
}

}  // namespace awf

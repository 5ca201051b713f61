#include "core/shell_command.hpp"

namespace awf {
namespace {

bool name_start(char c) { return c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }
bool name_char(char c) { return name_start(c) || (c >= '0' && c <= '9'); }

/// `text`'s first `unquoted` bytes were written without quotes or backslashes.
bool assignment_form(const std::string& text, std::size_t unquoted) {
  const std::size_t eq = text.find('=');
  if (eq == std::string::npos || eq == 0 || eq >= unquoted || !name_start(text[0])) return false;
  for (std::size_t i = 1; i < eq; ++i)
    if (!name_char(text[i])) return false;
  return true;
}

/// `2>/dev/null`, `>file`, `<in`, `2>&1`: digits, then '<' or '>'.
bool redirection(const std::string& w) {
  std::size_t i = 0;
  while (i < w.size() && w[i] >= '0' && w[i] <= '9') ++i;
  return i < w.size() && (w[i] == '<' || w[i] == '>');
}

/// A redirection operator with its target in the next word (`>`, `2>>`, `<`), not `2>/dev/null`.
bool redirection_needs_target(const std::string& w) {
  if (!redirection(w)) return false;
  const char last = w.back();
  return last == '<' || last == '>' || (w.size() >= 2 && w.substr(w.size() - 2) == ">|");
}

std::string base_name(const std::string& w) { return w.substr(w.rfind('/') == std::string::npos ? 0 : w.rfind('/') + 1); }

}  // namespace

std::vector<ShellWord> shell_split(std::string_view cmd) {
  std::vector<ShellWord> words;
  ShellWord cur;
  std::size_t unquoted = 0;  // bytes of cur.text written before its first quote or backslash
  bool quoted = false, in_word = false, next_starts = true;
  auto finish = [&] {
    if (in_word) {
      cur.assignment_form = assignment_form(cur.text, quoted ? unquoted : cur.text.size());
      cur.starts_command = next_starts;
      next_starts = false;
      words.push_back(std::move(cur));
    }
    cur = ShellWord{};
    unquoted = 0;
    quoted = in_word = false;
  };
  for (std::size_t i = 0; i < cmd.size(); ++i) {
    const char c = cmd[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == ';' || c == '|' || c == '&') {
      finish();
      if (c != ' ' && c != '\t') next_starts = true;
      continue;
    }
    in_word = true;
    if ((c == '\'' || c == '"' || c == '\\') && !quoted) {
      quoted = true;
      unquoted = cur.text.size();
    }
    if (c == '\'') {
      std::size_t end = cmd.find('\'', i + 1);
      if (end == std::string_view::npos) end = cmd.size();
      cur.text.append(cmd.substr(i + 1, end - i - 1));
      i = end;
    } else if (c == '"') {
      std::size_t j = i + 1;
      for (; j < cmd.size() && cmd[j] != '"'; ++j) {
        if (cmd[j] == '\\' && j + 1 < cmd.size() && std::string_view("\"\\$`").find(cmd[j + 1]) != std::string_view::npos)
          ++j;
        cur.text += cmd[j];
      }
      i = j;
    } else if (c == '\\' && i + 1 < cmd.size()) {
      cur.text += cmd[++i];
    } else {
      cur.text += c;
    }
  }
  finish();
  return words;
}

std::vector<std::string> shell_words(std::string_view command) {
  std::vector<std::string> out;
  for (ShellWord& w : shell_split(command)) out.push_back(std::move(w.text));
  return out;
}

SimpleCommand first_simple_command(const std::vector<ShellWord>& words) {
  SimpleCommand sc;
  std::size_t i = 0;
  bool after_env = false;  // inside `env`'s own options and assignments
  for (; i < words.size(); ++i) {
    const ShellWord& w = words[i];
    if (w.starts_command) after_env = false;  // `TOKEN=x; h`: assignments alone, then a command
    if (w.assignment_form) {
      sc.assignments.push_back(i);
      continue;
    }
    if (redirection(w.text)) {
      if (redirection_needs_target(w.text)) ++i;
      continue;
    }
    if (after_env && !w.text.empty() && w.text[0] == '-') {
      if (w.text == "-u" || w.text == "--unset") ++i;  // its NAME argument
      continue;
    }
    const std::string base = base_name(w.text);
    if (!after_env && (base == "env" || w.text == "exec")) {
      after_env = base == "env";
      continue;
    }
    sc.program = i;
    sc.rest = i + 1;
    return sc;
  }
  sc.program = sc.rest = words.size();
  return sc;
}

std::string command_program(std::string_view command) {
  const auto words = shell_split(command);
  const SimpleCommand sc = first_simple_command(words);
  return sc.program < words.size() ? words[sc.program].text : std::string();
}

}  // namespace awf

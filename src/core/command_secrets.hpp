#pragma once
// Secrets inside a command line: an apiKeyHelper such as
// `curl -sf -H 'X-Vault-Token: s.abc…' https://vault/v1/secret?token=…` carries credentials in its
// own text, and the command is shown in summaries and evidence (decisions: the helper command is shown
// with secret-bearing parts masked, never its program path).
//
// register_command_secrets splits the command into words as /bin/sh would (single and double
// quotes, backslash escapes; no expansion) and registers, through SecretSet::add_derived:
// - header values after -H / --header / --proxy-header (also -HName:v and --header=…), and the
//   credential after an auth scheme (`Bearer x`, `Basic x`, `token x`);
// - the argument of -u / --user / -U / --proxy-user (user:password) and its password;
// - the argument (or `=value`) of any long option whose name holds token, secret, password, passwd,
//   key or auth;
// - VALUE in NAME=VALUE words whose NAME holds KEY, TOKEN, SECRET, PASS or AUTH (any case);
// - in URLs: userinfo (register_url_credentials) and every query value;
// - words shaped like a key or token: 20+ characters of [A-Za-z0-9_.+=-], letters and digits mixed,
//   no '/', not an option (or a GitHub / Anthropic / OpenAI key prefix at any length >= 8).
// The first word (the program) is never registered.
#include <string>
#include <string_view>
#include <vector>

#include "core/redact.hpp"

namespace awf {

/// The words of `command` as /bin/sh would split them (quotes removed; no expansion). Unterminated
/// quotes end at the end of the text. Never throws.
std::vector<std::string> shell_words(std::string_view command);

void register_command_secrets(std::string_view command, SecretSet& secrets);

/// A URL's userinfo (register_url_credentials) and every query value (`?token=…`, `&key=…`), each
/// with its derived forms (SecretSet::add_derived; values under kMinSecretBytes are ignored there).
void register_url_secrets(std::string_view url, SecretSet& secrets);

}  // namespace awf

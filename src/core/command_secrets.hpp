#pragma once
// Secrets inside a command line: an apiKeyHelper such as
// `curl -sf -H 'X-Vault-Token: s.abc…' https://vault/v1/secret?token=…` carries credentials in its
// own text, and the command is shown in summaries and evidence (decisions: the helper command is shown
// with secret-bearing parts masked, never its program path).
//
// register_command_secrets splits the command into words as /bin/sh would (core/shell_command.hpp:
// single and double quotes, backslash escapes; no expansion) and registers, through
// SecretSet::add_derived:
// - every leading assignment's VALUE (`VAULT_TOKEN=… /opt/get-key.sh`, also after `env`): those words
//   are the helper's environment, the usual way to hand it a credential, so any name counts, except
//   PATH, HOME, LANG, LC_*, TZ, TERM, TMPDIR, SHELL, USER, LOGNAME, PWD and values that are a path
//   (start with '/', '~' or '.'); a URL value registers its userinfo and query values only;
// - header values after -H / --header / --proxy-header (also -HName:v and --header=…), and the
//   credential after an auth scheme (`Bearer x`, `Basic x`, `token x`);
// - the argument of -u / --user / -U / --proxy-user (user:password) and its password;
// - the argument (or `=value`) of any long option whose name holds token, secret, password, passwd,
//   key or auth;
// - VALUE in the other NAME=VALUE words whose NAME holds KEY, TOKEN, SECRET, PASS or AUTH (any case),
//   the program word included (`'TOKEN=x' helper` makes sh look for a program of that name);
// - in URLs: userinfo (register_url_credentials) and every query value;
// - words shaped like a key or token: 20+ characters of [A-Za-z0-9_.+=-], letters and digits mixed,
//   no '/', not an option (or a GitHub / Anthropic / OpenAI key prefix at any length >= 8).
// The program (first_simple_command: the first word that is not an assignment) is never
// registered: the helper probes name it (command_program).
#include <string>
#include <string_view>
#include <vector>

#include "core/redact.hpp"
#include "core/shell_command.hpp"

namespace awf {

void register_command_secrets(std::string_view command, SecretSet& secrets);

/// A URL's userinfo (register_url_credentials) and every query value (`?token=…`, `&key=…`), each
/// with its derived forms (SecretSet::add_derived; values under kMinSecretBytes are ignored there).
void register_url_secrets(std::string_view url, SecretSet& secrets);

}  // namespace awf

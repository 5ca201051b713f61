// Fault rows of the apiKeyHelper link (data only; FaultId order within the file, ids never reordered).
// Hints are templates (catalog.hpp); the probe or rule that names a fault fills them.
#include "catalog/fault_parts.hpp"

namespace awf::catalog_data {

using enum FaultId;
using L = Link;

namespace {
const FaultInfo kRows[] = {
    {helper_not_configured, "helper-not-configured", L::helper, Level::fail,
     "apiKeyHelper is declared in no settings file although awf asked for it",
     "CLAUDE_CODE_API_KEY_HELPER is set in the agent, but neither settings file declares apiKeyHelper.",
     "awf's entrypoint writes \"apiKeyHelper\": \"{signal}\" into both ~/.claude/settings.json and ~/.claude.json "
     "at start: look for '[entrypoint] Claude Code API key helper configured' in the container log, and pass "
     "--home if the agent's home is not {home}",
     "", "helper.config"},
    {helper_config_not_read, "helper-config-not-read", L::helper, Level::fail,
     "apiKeyHelper is declared only in a file this Claude Code does not read",
     "Only ~/.claude.json declares apiKeyHelper; Claude Code >= 2.1.81 reads ~/.claude/settings.json.",
     "declare it in ~/.claude/settings.json too: add \"apiKeyHelper\": \"{value}\" to {settings_path} (awf >= "
     "v0.25.1 writes both files)",
     "", "helper.config (warn only, so not a cause, when another credential is set)"},
    {helper_settings_disagree, "helper-settings-disagree", L::helper, Level::warn,
     "The settings files name different apiKeyHelper commands",
     "~/.claude/settings.json and ~/.claude.json declare different (or one empty) apiKeyHelper commands.",
     "make both files name the same helper ({value}): an older CLI reading {legacy_path} would run {other}", "",
     "helper.config (warn only)"},
    {helper_empty_command, "helper-empty-command", L::helper, Level::fail,
     "apiKeyHelper is declared with an empty command",
     "A settings file declares \"apiKeyHelper\": \"\": the CLI has a helper setting but no command to run.",
     "set \"apiKeyHelper\": \"{want}\" in {files}", "", "helper.config"},
    {helper_not_found, "helper-not-found", L::helper, Level::fail,
     "The apiKeyHelper command is not found where the CLI runs it (exit 127)",
     "/bin/sh -c exits 127 or says 'not found': the script is not visible in the CLI's root (awf's chroot).",
     "the command does not exist in the root the CLI runs in: check with {command}, then fix apiKeyHelper in "
     "~/.claude/settings.json and ~/.claude.json",
     "ls -l {path_q}", "helper.run"},
    {helper_not_executable, "helper-not-executable", L::helper, Level::fail,
     "The apiKeyHelper command is not executable (exit 126)", "/bin/sh -c exits 126 for the helper.",
     "make it executable: {command}", "chmod 755 {path_q}", "helper.run"},
    {helper_exit_nonzero, "helper-exit-nonzero", L::helper, Level::fail, "apiKeyHelper exits with an error",
     "The helper exits with a non-zero status or is killed by a signal.",
     "run it as the CLI does and read its stderr ({client} hides it): {command}", "/bin/sh -c {command_q}",
     "helper.run"},
    {helper_timeout, "helper-timeout", L::helper, Level::fail,
     "apiKeyHelper hangs instead of printing a key and exiting",
     "The helper was still running when its time limit passed and was killed.",
     "a helper must print the key and exit; {client} waits for it before sending requests. Find where it "
     "blocks: {command}",
     "time /bin/sh -c {command_q} </dev/null", "helper.run"},
    {helper_empty_output, "helper-empty-output", L::helper, Level::fail, "apiKeyHelper exits 0 with empty output",
     "The helper exits 0 and prints nothing (often: it echoes a variable the CLI does not pass it).",
     "make the helper print the key on stdout; check: {command}", "/bin/sh -c {command_q} | wc -c", "helper.run"},
    {helper_multiline, "helper-multiline", L::helper, Level::fail, "apiKeyHelper prints more than one line",
     "More than one non-empty line on stdout: a newline inside the credential header is invalid.",
     "make the helper print only the key, once, and send diagnostics to stderr", "", "helper.run"},
    {helper_output_flood, "helper-output-flood", L::helper, Level::fail, "apiKeyHelper floods its output",
     "More than 64 KiB on stdout: a key is never that long.",
     "make the helper print only the key, once; measure what it prints: {command}",
     "/bin/sh -c {command_q} | head -c 1048576 | wc -c",
     "helper.run"},
    {helper_output_binary, "helper-output-binary", L::helper, Level::fail,
     "apiKeyHelper prints bytes no HTTP header value can carry (NUL, control, non-ASCII)",
     "The helper's output holds a byte that an HTTP field value cannot carry (RFC 9110 section 5.5), so it cannot "
     "become x-api-key.",
     "make the helper print only the key as plain text; inspect its output: {command}",
     "/bin/sh -c {command_q} | od -c | head", "helper.run"},
    {helper_old_placeholder, "helper-old-placeholder", L::helper, Level::warn,
     "apiKeyHelper prints the pre-v0.25.6 placeholder", "The helper prints awf's placeholder of versions < v0.25.6.",
     "upgrade awf to >= v0.25.6 (placeholder {placeholder})", "", "helper.run (warn only)"},
    {helper_real_key, "helper-real-key", L::helper, Level::fail, "apiKeyHelper prints a real credential into the agent",
     "The helper prints a value shaped like a real key: the credential reached the agent.",
     "the agent must hold only awf's placeholder; the real key belongs in the api-proxy sidecar ({key_var} on the "
     "host, awf's api-proxy enabled). Rotate the key: the agent could read it",
     "", "helper.run"},
    {helper_unexpected_value, "helper-unexpected-value", L::helper, Level::warn,
     "apiKeyHelper prints something other than awf's placeholder",
     "Inside awf the helper prints a one-line value that is not awf's placeholder.",
     "inside awf the helper should print {placeholder} (the api-proxy injects the real key); if this value is a "
     "real credential it reached the agent",
     "", "helper.run (warn only)"},
    {helper_managed_overrides, "helper-managed-overrides", L::helper, Level::warn,
     "The managed settings' apiKeyHelper replaces the one in ~/.claude/settings.json",
     "/etc/claude-code/managed-settings.json declares an apiKeyHelper that differs from the user's settings.json; "
     "managed settings win, and awf's entrypoint writes only the user's files, so awf's helper is not run.",
     "{client} runs {value} (from {managed_path}), not {user_value}: remove apiKeyHelper from {managed_path}, or "
     "make it name the helper awf configures",
     "", "helper.config (warn only)"},
};
}  // namespace

std::span<const FaultInfo> helper_faults() { return kRows; }

}  // namespace awf::catalog_data

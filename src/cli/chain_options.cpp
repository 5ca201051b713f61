#include "cli/chain_options.hpp"
#include "probes/extra_ca.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <cstring>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "core/text_file.hpp"
#include "net/http.hpp"
#include "topology/providers.hpp"

namespace awf {
namespace {

/// A CLI11 check for a whole decimal number from `lo` to `hi` (CLI11's own integer reading also takes
/// 0x10 as 16 and calls 1e3 out of range): "must be a whole number of <unit> from lo to hi, got 'v'".
CLI::Validator decimal_in_range(long lo, long hi, std::string unit, std::string name) {
  return CLI::Validator(
      [lo, hi, unit](std::string& v) -> std::string {
        const bool digits = !v.empty() && v.size() <= 9 &&
                            std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; });
        const long n = digits ? std::atol(v.c_str()) : 0;
        if (digits && n >= lo && n <= hi) return "";
        return "must be a whole number of " + unit + " from " + std::to_string(lo) + " to " + std::to_string(hi) +
               ", got '" + v + "'";
      },
      name, unit);
}


/// "auto" and every provider row's name, in table order (a new row is a new --provider value).
std::vector<std::string> provider_choices() {
  std::vector<std::string> out{"auto"};
  for (const Provider& p : providers()) out.emplace_back(p.name);
  return out;
}

}  // namespace

void add_chain_options(CLI::App* sub, ChainOptions& o) {
  add_output_options(sub, o.out);
  add_selection_options(sub, o.sel);
  sub->add_option("--base-url", o.base_url_args,
                  "api-proxy base URL, or PROVIDER=URL for one provider's route (repeatable) (default: the judged provider's base URL variable, e.g. $ANTHROPIC_BASE_URL "
                  "or $OPENAI_BASE_URL, then awf's port for it: http://172.30.0.30:10001 anthropic, :10000 openai, "
                  ":10002 copilot, :10003 gemini)");
  sub->add_option("--squid", o.flags.squid_url,
                  "Squid proxy URL (default: $HTTPS_PROXY, $https_proxy, $HTTP_PROXY, then http://172.30.0.10:3128)");
  sub->add_option("--upstream", o.upstream_args, "provider origin, or PROVIDER=URL for one provider's route (repeatable) (default: the judged provider's host: https://api.anthropic.com, "
                  "https://api.openai.com, https://api.githubcopilot.com)");
  sub->add_option("--management-url", o.flags.management_url,
                  "the api-proxy's management origin, for its /health (default: the base URL's host, port 10000)");
  sub->add_option("--mode", o.flags.mode,
                  "which chain to judge: awf (sidecar + Squid), gateway (another endpoint at the base URL), direct "
                  "(no base URL: the provider itself); auto decides from the environment and the base URL's /health")
      ->check(CLI::IsMember({"auto", "awf", "gateway", "direct"}))->capture_default_str();
  sub->add_option("--provider", o.flags.provider,
                  "whose route to judge; auto = every provider whose variables are set (the first when a plain "
                  "--base-url/--upstream pins the run), else anthropic")
      ->check(CLI::IsMember(provider_choices()))->capture_default_str();
  // Several providers' variables set and `auto`: every such route is judged (docs/topology.md).
  sub->add_option("--cacert", o.flags.cacert, "CA bundle for TLS to the upstream (e.g. Squid's ssl-bump CA)");
  sub->add_option("--home", o.flags.home, "home whose .claude settings declare apiKeyHelper (default: $HOME, then /root)");
  sub->add_option("--managed-settings", o.flags.managed_settings,
                  "Claude Code's managed settings file, read before the user's (highest precedence: its apiKeyHelper "
                  "and env win) (default: /etc/claude-code/managed-settings.json)");
  sub->add_option("--env-file", o.flags.env_file,
                  "judge this environment (KEY=VALUE lines) instead of this process's; it also feeds the "
                  "defaults above and the helper's environment");
  sub->add_option("--timeout", o.flags.timeout_s, "deadline for the whole run, in seconds (default: 30)")
      ->check(CLI::Validator(
          [](std::string& v) -> std::string {
            char* end = nullptr;
            double d = std::strtod(v.c_str(), &end);
            // CLI11 prefixes the flag's name itself; a deadline under 0.1 s could not even connect.
            if (end == v.c_str() || *end != '\0' || !std::isfinite(d) || d < 0.1 || d > 3600)
              return "must be a number of seconds from 0.1 to 3600, got '" + v + "'";
            return "";
          },
          "SECONDS", "timeout"));
  sub->add_option("--fail-on", o.fail_on, "lowest status that makes the exit code 1")
      ->check(CLI::IsMember({"fail", "warn"}))->capture_default_str();
  sub->add_option("--model", o.flags.model, "model of the streaming probe (default: claude-sonnet-4-6, Claude Code 2.1.88's)")
      ->check(CLI::Validator(
          [](std::string& v) -> std::string {
            // A model id (letters, digits, . _ : - @ /), never an option swallowed as its value (`--model= -o json`).
            const bool ok = !v.empty() && v.size() <= 256 && v[0] != '-' &&
                            std::all_of(v.begin(), v.end(), [](char c) {
                              return std::isalnum(static_cast<unsigned char>(c)) || std::strchr("._:-@/", c);
                            });
            return ok ? "" : "must be a model id such as claude-sonnet-4-6, got '" + v + "'";
          },
          "MODEL", "model"));
  sub->add_option("--stream-tokens", o.flags.stream_tokens, "max_tokens of the streaming probe (default: 32)")
      ->check(decimal_in_range(1, 4096, "tokens", "N"));
  sub->add_option("--stream-watchdog-ms", o.flags.stream_watchdog_ms,
                  "the client's stream watchdog: longest silence before the first event or between events, in ms "
                  "(default: 90000, Claude Code 2.1.88's CLAUDE_STREAM_IDLE_TIMEOUT_MS)")
      ->check(decimal_in_range(1, 3600000, "ms", "MS"));
  sub->add_flag("--no-spend", o.flags.no_spend,
                "send no request that could be billed (no streaming probe: H3 stays inconclusive)");
  sub->add_option("--client", o.flags.client,
                  "client whose request the client-shaped probe sends (default: auto = from the judged environment)")
      ->check(CLI::IsMember({"auto", "claude-code", "codex", "copilot"}));
  sub->add_option("--client-profile", o.flags.client_profile,
                  "send the request of this client profile JSON, or the one a `capture -o json` report recorded, instead");
}


std::string split_url_args(ChainOptions& o) {
  struct Target {
    const char* flag;
    const std::vector<std::string>& args;
    std::optional<std::string>& plain;
    std::map<std::string, std::string>& named;
  };
  for (Target t : {Target{"--base-url", o.base_url_args, o.flags.base_url, o.flags.base_url_for},
                   Target{"--upstream", o.upstream_args, o.flags.upstream_url, o.flags.upstream_for}}) {
    for (const std::string& a : t.args) {
      // PROVIDER=URL only when what precedes '=' is a bare word before any "://" (a URL's query may hold '=').
      const auto eq = a.find('=');
      const auto scheme = a.find("://");
      if (eq != std::string::npos && (scheme == std::string::npos || eq < scheme)) {
        const std::string name = a.substr(0, eq);
        if (!provider_named(name)) {
          std::vector<std::string> names = provider_choices();
          names.erase(names.begin());  // "auto" names no route
          return fmt::format("{} '{}': '{}' is not a provider (use {})", t.flag, a, name, fmt::join(names, ", "));
        }
        if (!t.named.emplace(name, a.substr(eq + 1)).second)
          return fmt::format("{}: provider '{}' is named twice", t.flag, name);
        continue;
      }
      if (t.plain) return fmt::format("{} is given twice without a provider (use PROVIDER=URL for a second route)", t.flag);
      t.plain = a;
    }
  }
  return "";
}

// Flag values that make the run meaningless are usage errors (exit 2), found before any probe.
std::string validate_chain_flags(const ChainFlags& f) {
  auto url_ok = [](const std::optional<std::string>& v, const char* flag, bool https_only) -> std::string {
    if (!v) return "";
    UrlParts u = parse_url(*v);
    if (!u.ok) return fmt::format("{} '{}' is not a URL: {}", flag, *v, u.error);
    if (u.scheme != "https" && (https_only || u.scheme != "http"))
      return fmt::format("{} '{}': scheme must be {}", flag, *v, https_only ? "https" : "http or https");
    if (u.port <= 0 || u.port > 65535) return fmt::format("{} '{}': port out of range", flag, *v);
    return "";
  };
  std::optional<std::string> squid = f.squid_url;
  if (squid) squid = proxy_url_with_scheme(*squid);  // `--squid 127.0.0.1:3128` as curl reads it
  for (auto msg : {url_ok(f.base_url, "--base-url", false), url_ok(squid, "--squid", false),
                   url_ok(f.upstream_url, "--upstream", true),
                   url_ok(f.management_url, "--management-url", false)})
    if (!msg.empty()) return msg;
  for (const auto& [name, url] : f.base_url_for)
    if (auto msg = url_ok(url, "--base-url", false); !msg.empty()) return name + "=: " + msg;
  for (const auto& [name, url] : f.upstream_for)
    if (auto msg = url_ok(url, "--upstream", true); !msg.empty()) return name + "=: " + msg;
  if (f.cacert) {
    struct stat st {};
    if (stat(f.cacert->c_str(), &st) != 0 || !S_ISREG(st.st_mode))
      return fmt::format("--cacert '{}' is not a readable file", *f.cacert);
    // Not of its kind is a usage error too (README): a file with no PEM certificate would otherwise
    // reach libcurl and come back as squid.tls "fail", a broken chain blamed on Squid's CA.
    std::string pem;
    try {
      pem = read_text_file(*f.cacert, kMaxCaBundleBytes);
    } catch (const std::exception& e) {
      return fmt::format("--cacert: {}", e.what());
    }
    if (pem.find("-----BEGIN CERTIFICATE-----") == std::string::npos)
      return fmt::format("--cacert '{}' holds no PEM certificate (no -----BEGIN CERTIFICATE----- line)", *f.cacert);
    // A block that does not decode (bad base64, not an X.509 certificate) is no CA either (new-user F9).
    ExtraCaFacts facts;
    probe_detail::inspect_ca_file(*f.cacert, facts);
    if (facts.certificates == 0)
      return fmt::format("--cacert '{}' holds a -----BEGIN CERTIFICATE----- block, but no certificate in it decodes "
                         "(OpenSSL PEM_read_bio_X509)", *f.cacert);
  }
  if (f.home) {
    struct stat st {};
    if (stat(f.home->c_str(), &st) != 0 || !S_ISDIR(st.st_mode))
      return fmt::format("--home '{}' is not a directory", *f.home);
  }
  return "";
}

}  // namespace awf

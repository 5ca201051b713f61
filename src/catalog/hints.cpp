// Hints that go with no fault: a warning's next step, an error's (the check could not run), or a
// variant of a fault's hint that a branch of evidence calls for (data; catalog.hpp).
#include "catalog/catalog.hpp"

namespace awf {
namespace {

struct HintRow {
  HintId id;
  std::string_view text;  ///< template (catalog.hpp placeholders plus the caller's)
};

using enum HintId;

const HintRow kHints[] = {
    {run_deadline,
     "Raise --timeout (e.g. --timeout 60): a hop that is slow to fail, such as Squid waiting on DNS (~30 s), needs "
     "longer than the deadline to show its real answer."},
    {helper_deadline, "raise --timeout"},
    {base_url_not_http, "pass --base-url http://<api-proxy>:{sidecar_port} (awf: {awf_base_url})"},
    {health_not_sidecar,
     "Something other than awf's api-proxy answers at the base URL (a gateway?); the forward probe still runs."},
    {health_no_answer, "The port accepts TCP but does not answer HTTP in time: check what listens there (docker logs "
                       "awf-api-proxy)."},
    {forward_timeout,
     "The api-proxy accepted the request but did not answer in time. It may itself be waiting on Squid (a CONNECT "
     "whose DNS lookup does not return takes ~30 s to fail): see squid.connect, and the api-proxy log (docker logs "
     "awf-api-proxy) for request_start without request_complete."},
    {forward_not_configured, "The sidecar has no {provider} credential: set the {key_var} secret for the awf step."},
    {tunnel_socket_error,
     "Look for the sidecar's CONNECT in Squid's access.log (source {sidecar_ip}) to see whether it opened."},
    {tunnel_unknown, "Look for the sidecar's CONNECT in Squid's access.log (source {sidecar_ip})."},
    {tool_connect_denied,
     "Not a fault of the chain by itself: squid.sidecar_tunnel judges the sidecar's own path. Run the tool from a "
     "host Squid allows to test TLS and the upstream through this Squid."},
    {upstream_rate_limited, "Retry later; check the account's rate limits."},
    {base_url_outside_awf, "outside awf this is expected; inside awf set {base_url_var}={awf_base_url}"},
    {base_url_scheme, "use an http(s) URL, e.g. {awf_base_url}"},
    {base_url_gateway_path, "unless a gateway serves that prefix, drop the path (awf uses {awf_base_url})"},
    {api_key_outside_awf,
     "if an apiKeyHelper or a token is configured too, there are two credential sources: keep one (unset {names})"},
    {token_empty, "unset it or set awf's placeholder"},
    {token_outside_awf,
     "if an apiKeyHelper or {api_key_var} is configured too, the CLI may send both credentials: keep one"},
    {oauth_empty, "unset {oauth_var}"},
    {home_missing, "pass --home with the agent's home directory, the one that holds .claude/settings.json{why}"},
    {settings_not_a_file,
     "replace {path} with a regular JSON file of at most 1 MiB ({client} expects a JSON object there); see what is "
     "there now with: ls -l {path_q}"},
    {settings_bad_json, "fix or remove {path} ({client} expects a JSON object there); check it with: jq . {path_q}"},
    {settings_legacy_empty,
     "set \"apiKeyHelper\": \"{value}\" in {legacy_path} too: an older CLI reading it would have no helper to run"},
    {helper_chroot,
     "awf runs the agent in a chroot ({chroot_var}=true): the host's /usr hides the image's {image_dir}, so {path} "
     "is invisible to the CLI. awf >= v0.25.5 copies the script to {helper_chroot_path} and points apiKeyHelper in "
     "both settings files at it: upgrade awf, or copy the script to a path visible inside the chroot and update both "
     "files"},
    {helper_env_dependent,
     "make the helper independent of the caller's environment (read the key from a file with mode 600, not from a "
     "variable); compare lengths: env -i {minimal_path} HOME=\"$HOME\" /bin/sh -c {command_q} | wc -c"},
    {helper_variable_unset,
     "${variable} is not set anywhere: provide the secret to the step (or to a file with mode 600 that the helper "
     "reads), then check: /bin/sh -c {command_q} | wc -c"},
    {helper_path_not_a_program, "point apiKeyHelper at the helper script itself (see what is there: ls -ld {path_q})"},
    {helper_crlf_shebang, "convert the script to LF line endings: sed -i 's/\\r$//' {path_q}"},
    {helper_missing_interpreter,
     "install {interpreter} or change the script's #! line to an interpreter that exists (head -1 {path_q})"},
    {log_next_probe_proxy,
     "Next probe: `awf-diag probe proxy` sends POST {api_path} with an empty JSON body through the api-proxy: a reset "
     "= the sidecar itself, 401 = the key, 400 = the chain is healthy."},
    {log_health_check_failed,
     "awf's pre-flight found the api-proxy unhealthy: read the api-proxy's log (docker logs awf-api-proxy, or "
     "diagnostics/awf-api-proxy.log in awf's work dir) and its management /health (http://{sidecar_ip}:10000/health)."},
    {log_upstream_origin_unseen,
     "These logs do not show who produced the HTTP {status} ({missing}). Give the api-proxy's log (its "
     "upstream_auth_error events) or the client's debug output with the error body, or run `awf-diag probe "
     "upstream`, which reads the answer's request-id and error shape."},
    {capture_no_request,
     "Nothing reached {listen}, so there is nothing to judge. Point the agent at it ({base_url_var}=http://{listen} "
     "in the agent's environment), make sure its NO_PROXY covers that address so the request is not sent to "
     "Squid, and start the agent while capture runs (or raise --count / --duration)."},
    {forward_reset_health_unknown,
     "The hop at {base_url_var} dropped the request without an HTTP answer; whether its /health is green was not "
     "seen (ask it: curl -sS <base URL host>:10000/health). When awf's api-proxy answers /health but drops every "
     "real request, it fails on its own injected {auth_header}: check the real key given to it for a trailing "
     "newline or whitespace without printing it (in the sidecar: printf %s \"${key_var}\" | tail -c 1 | od -c), "
     "then upgrade to awf >= v0.25.6, whose trim removes surrounding whitespace (not U+200B or an inner newline: "
     "remove those from the secret). Look for ERR_INVALID_CHAR in the api-proxy's log."},
    {extra_ca_no_ca,
     "Put the CA that signs the intercepted certificates in {path} (awf's --ssl-bump CA, or your TLS-intercepting "
     "proxy's root): `openssl x509 -in {path_q} -noout -text` shows CA:TRUE under Basic Constraints for a CA."},
    {base_url_not_listening,
     "Nothing listens at the base URL ({base_url_var}): start the service it names (awf's api-proxy sidecar in awf, "
     "your gateway otherwise) or correct {base_url_var}. Without an awf marker the tool cannot tell which it is: "
     "pass --mode gateway or --mode awf to say so."},
    {routes_not_judged,
     "Name every route's targets (--base-url PROVIDER=URL --upstream PROVIDER=URL) to judge them all, or pass "
     "--provider NAME to judge one route on purpose."},
};

static_assert(sizeof(kHints) / sizeof(kHints[0]) == kHintCount, "one row per HintId");

}  // namespace

std::string hint(HintId id, const Provider& p, const HintArgs& extra) {
  HintArgs all = extra;
  for (auto& kv : provider_args(p)) all.push_back(std::move(kv));
  return fill_template(kHints[static_cast<int>(id)].text, all);
}

std::string_view hint_template(HintId id) { return kHints[static_cast<int>(id)].text; }

}  // namespace awf

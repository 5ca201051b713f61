// The fault table (data only). Order = FaultId order = the docs table's order. Hints are templates
// (catalog.hpp); the probe or rule that names a fault fills them, it does not write its own.
#include "catalog/catalog.hpp"

namespace awf::catalog_data {

using enum FaultId;
using L = Link;

extern const FaultInfo kFaults[];
const FaultInfo kFaults[] = {
    // ---- helper --------------------------------------------------------------------------------
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
    // ---- env -----------------------------------------------------------------------------------
    {env_base_url_missing, "env-base-url-missing", L::env, Level::fail, "ANTHROPIC_BASE_URL is not set in the agent",
     "Inside awf the base URL variable is unset or empty: the client aims at the provider itself.",
     "set {base_url_var}={awf_base_url} (and the placeholder {token_var}={placeholder}) in the agent: awf sets "
     "both whenever the api-proxy is on, for OIDC/WIF auth since PR #4119",
     "", "env.base_url"},
    {env_base_url_malformed, "env-base-url-malformed", L::env, Level::fail,
     "ANTHROPIC_BASE_URL is not a usable http(s) URL", "The base URL does not parse or its scheme is not http(s).",
     "set {base_url_var} to an http(s) URL without a path, e.g. {awf_base_url}", "", "env.base_url"},
    {env_base_url_path, "env-base-url-path", L::env, Level::fail,
     "ANTHROPIC_BASE_URL carries a path ending in /v1, so calls go to /v1/v1/messages",
     "The client appends /v1/messages itself, so a base URL ending in /v1 doubles it (404).",
     "drop the trailing path: {base_url_var}={fixed}", "", "env.base_url (reported as H1)"},
    {env_api_key_present, "env-api-key-present", L::env, Level::fail,
     "A key in ANTHROPIC_API_KEY / CLAUDE_API_KEY reached the agent",
     "An API-key variable is set in the agent of an api-proxy chain: it wins in -p mode; awf's pre-flight aborts.",
     "remove {names} from the agent's environment: the real key belongs to the api-proxy sidecar (awf excludes it "
     "whenever the api-proxy is on)",
     "", "env.api_key"},
    {env_old_placeholder, "env-old-placeholder", L::env, Level::warn,
     "ANTHROPIC_AUTH_TOKEN holds the pre-v0.25.6 placeholder", "The token variable holds awf's older placeholder.",
     "upgrade awf to >= v0.25.6", "", "env.auth_token (warn only)"},
    {env_real_token, "env-real-token", L::env, Level::fail, "A real token in ANTHROPIC_AUTH_TOKEN reached the agent",
     "The token variable holds a value shaped like a real key.",
     "remove it from the agent (awf gives the agent only {placeholder}) and rotate it", "", "env.auth_token"},
    {env_token_not_placeholder, "env-token-not-placeholder", L::env, Level::fail,
     "ANTHROPIC_AUTH_TOKEN is not awf's placeholder",
     "Inside awf the token variable holds something other than the placeholder; awf's pre-flight aborts.",
     "give the agent only {token_var}={placeholder}", "", "env.auth_token"},
    {env_oauth_token_present, "env-oauth-token-present", L::env, Level::fail,
     "CLAUDE_CODE_OAUTH_TOKEN reached the agent", "An OAuth token variable is set in an awf agent.",
     "remove {oauth_var} from the agent's environment (awf excludes it); rotate it if it was real", "",
     "env.auth_token"},
    {env_settings_block_credential, "env-settings-block-credential", L::env, Level::fail,
     "The settings env block sets a credential or another base URL",
     "~/.claude/settings.json's env block sets a credential or another base URL, which the CLI applies to itself.",
     "Remove {names} from the env block of {path}: {client} applies that block to its own environment, so it "
     "overrides what awf sets for the agent (the real key belongs to the api-proxy only).",
     "", "env.settings_env"},
    {env_no_proxy_host_missing, "env-no-proxy-host-missing", L::env, Level::fail,
     "NO_PROXY does not exempt the api-proxy host, so requests go to Squid",
     "Node clients compare the URL host string with NO_PROXY; a missing host sends sidecar traffic to Squid.",
     "add {host} to NO_PROXY and no_proxy (awf >= v0.25.57 adds api-proxy); an IP entry does not cover a hostname",
     "", "env.no_proxy"},
    {env_no_proxy_mismatch, "env-no-proxy-mismatch", L::env, Level::warn,
     "NO_PROXY and no_proxy disagree about the api-proxy host", "One of NO_PROXY / no_proxy exempts the host, the other not.",
     "add {host} to {variable} too, so both variables agree", "", "env.no_proxy (warn only)"},
    // ---- proxy ---------------------------------------------------------------------------------
    {proxy_not_listening, "proxy-not-listening", L::proxy, Level::fail, "Nothing listens at the api-proxy address",
     "TCP to the base URL's host:port is refused or times out (a client sees error_status: null).",
     "Check that the api-proxy sidecar is running and listening on this port ({command}). Before awf v0.25.40 port "
     "{sidecar_port} does not listen at all when the sidecar has no {key_var}.",
     "docker ps; docker logs awf-api-proxy", "proxy.tcp"},
    {proxy_no_response, "proxy-no-response", L::proxy, Level::fail,
     "The api-proxy accepts the request but never answers it",
     "The port accepts TCP but no complete HTTP answer arrives.",
     "The api-proxy accepted the connection but never answered: check its log ({command}) for request_start "
     "without request_complete.",
     "docker logs awf-api-proxy",
     "proxy.health (no complete response), proxy.forward (no response that is not the reset below)"},
    {proxy_invalid_injected_header, "proxy-invalid-injected-header", L::proxy, Level::fail,
     "The api-proxy fails on its own injected key (key hygiene: trailing newline or whitespace in x-api-key)",
     "Every proxied request is reset or closed without an answer while /health stays green: the sidecar's Node "
     "refuses its own injected header value (ERR_INVALID_CHAR).",
     "The sidecar drops every real request while /health stays green: it fails on its own injected "
     "{auth_header}. Check the real key given to the api-proxy for a trailing newline or whitespace (CI secret, "
     "compose YAML) without printing it: in the sidecar, {command} shows only the last byte (\\n = newline) and "
     "`printf %s \"${key_var}\" | wc -c` its length. Then upgrade to awf >= v0.25.6, which trims it. Look for "
     "ERR_INVALID_CHAR in the api-proxy log.",
     "`printf %s \"${key_var}\" | tail -c 1 | od -c`",
     "proxy.forward (reset or closed with no HTTP response while /health passed)"},
    {proxy_provider_not_configured, "proxy-provider-not-configured", L::proxy, Level::fail,
     "The api-proxy has no Anthropic credential (provider_not_configured)",
     "/health answers 503 not_configured, or the sidecar answers provider_not_configured itself.",
     "Give the sidecar the real key: set the {key_var} secret for the awf step (awf passes it to the api-proxy "
     "only). For OIDC, check the token exchange in the sidecar log (oidc_startup).",
     "", "proxy.health, proxy.forward"},
    {proxy_own_error, "proxy-own-error", L::proxy, Level::fail, "The api-proxy refuses the request itself",
     "The sidecar answers with its own JSON error (no provider request id).",
     "Read the api-proxy's error above and its log ({command}).", "docker logs awf-api-proxy", "proxy.forward"},
    {proxy_unrecognised_answer, "proxy-unrecognised-answer", L::proxy, Level::fail,
     "Something other than awf's api-proxy or the provider answers at the base URL",
     "An HTTP answer neither the provider's, awf's api-proxy's nor Squid's.",
     "Check what listens at the base URL: {command}. awf's api-proxy answers with {provider}'s reply (request-id "
     "header) or its own JSON error.",
     "`curl -si -X POST <base-url>/v1/messages -H 'content-type: application/json' -d '{}'`", "proxy.forward"},
    {proxy_stream_buffered, "proxy-stream-buffered", L::proxy, Level::fail,
     "A hop holds the stream: every event arrives together at the end",
     "The upstream paces its events; through the api-proxy they arrive in one burst (R19).",
     "A hop that terminates HTTP holds text/event-stream until it is complete (Squid's CONNECT tunnel cannot "
     "regroup events): pipe the stream unbuffered in the api-proxy, send X-Accel-Buffering: no behind nginx-like "
     "proxies, and compare time to first event on both paths.",
     "", "proxy.stream"},
    {proxy_stream_event_lines_dropped, "proxy-stream-event-lines-dropped", L::proxy, Level::fail,
     "The stream reaches the client without its event: lines",
     "On the Anthropic route events arrive as data: lines only; Claude Code then retries without streaming (R20).",
     "A hop rewrites the SSE body and drops event: lines: pass text/event-stream through unchanged in the "
     "api-proxy (and any gateway before it).",
     "", "proxy.stream"},
    {proxy_stream_not_sse, "proxy-stream-not-sse", L::proxy, Level::fail,
     "A streaming request is not answered with an event stream",
     "A 2xx answer to a streaming request whose Content-Type is not text/event-stream or whose bytes are "
     "compressed without a Content-Encoding.",
     "A hop rewrites the streaming answer: check the api-proxy's response headers and compression for "
     "text/event-stream.",
     "", "proxy.stream"},
    {proxy_request_body_altered, "proxy-request-body-altered", L::proxy, Level::fail,
     "The api-proxy changes the request body: the upstream rejects a parameter the client never sent",
     "The provider's 400 names a parameter that was not in the body the probe sent (R18: stream_options added to "
     "streaming requests); only a hop that terminates HTTP can add it.",
     "The api-proxy's body transform adds the parameter {provider} rejects: send the same request with stream false "
     "and true through the api-proxy; fix or disable the transform (awf PR #3805 for stream_options).",
     "", "proxy.stream"},
    // ---- squid ---------------------------------------------------------------------------------
    {squid_unreachable, "squid-unreachable", L::squid, Level::fail, "Squid is not reachable",
     "The tool's own connection to Squid is refused, reset or unresolvable.",
     "Check that Squid runs and listens (awf: awf-squid on {squid}; {command}), and pass --squid if the proxy is "
     "elsewhere.",
     "`nc -z <host> 3128`", "squid.connect"},
    {squid_connect_timeout, "squid-connect-timeout", L::squid, Level::fail,
     "Squid accepts connections but does not answer the CONNECT (DNS or upstream stuck)",
     "Squid accepted the TCP connection but sent no answer to CONNECT in time.",
     "Squid is up but stuck resolving or connecting to the upstream: check its dns_nameservers (awf: "
     "--dns-servers; default 8.8.8.8 8.8.4.4) and the runner's outbound network. A DNS failure takes ~30 s to "
     "turn into Squid's 503 page.",
     "", "squid.connect"},
    {squid_denied_sidecar, "squid-denied-sidecar", L::squid, Level::fail,
     "Squid's allow-list denies the api-proxy's CONNECT to the upstream",
     "Squid answered the sidecar's CONNECT with 403 (TCP_DENIED).",
     "Squid's allow-list denied the sidecar's CONNECT to the upstream. Add the domain to --allow-domains, or "
     "upgrade to awf >= v0.27.2, which exempts the api-proxy (from_api_proxy src {sidecar_ip}) from the "
     "allow-list. Confirm in access.log: CONNECT 403 TCP_DENIED from {sidecar_ip}.",
     "", "squid.sidecar_tunnel (403)"},
    {squid_dns_fail, "squid-dns-fail", L::squid, Level::fail,
     "Squid cannot resolve the upstream host (DNS), so the tunnel never opens",
     "Squid's error is ERR_DNS_FAIL (awf's Squid, 503) or ERR_CANNOT_FORWARD (Squid 5.7, 500).",
     "Squid could not resolve the upstream host (no upstream connection): check Squid's dns_nameservers (awf: "
     "--dns-servers; default 8.8.8.8 8.8.4.4) and whether the runner may reach them; access.log shows the "
     "CONNECT with dest -:-.",
     "",
     "squid.sidecar_tunnel, squid.connect: `X-Squid-Error` `ERR_DNS_FAIL` (awf's Squid, 503) or "
     "`ERR_CANNOT_FORWARD` (Squid 5.7, 500)"},
    {squid_upstream_connect_fail, "squid-upstream-connect-fail", L::squid, Level::fail,
     "Squid resolves the upstream but cannot connect to it", "Squid's error is ERR_CONNECT_FAIL, or another 503.",
     "Squid resolved the upstream but could not connect to it: check the runner's outbound network and firewall "
     "for port 443; access.log shows the CONNECT with status 503.",
     "", "squid.sidecar_tunnel, squid.connect (`ERR_CONNECT_FAIL`, or another 503)"},
    {squid_connect_refused, "squid-connect-refused", L::squid, Level::fail,
     "Squid refuses the CONNECT to the upstream", "Squid answered the tool's CONNECT with another error status.",
     "Read Squid's error page (X-Squid-Error) and access.log for this CONNECT.", "",
     "squid.connect (any other status)"},
    {squid_refused_sidecar, "squid-refused-sidecar", L::squid, Level::fail,
     "Squid refuses the api-proxy's CONNECT to the upstream",
     "Squid answered the sidecar's CONNECT with another error status (relayed by the sidecar).",
     "Read Squid's error page (X-Squid-Error) and access.log for this CONNECT.", "",
     "squid.sidecar_tunnel (any other Squid status)"},
    {squid_tunnel_failed, "squid-tunnel-failed", L::squid, Level::fail,
     "The api-proxy cannot open its tunnel through Squid",
     "The sidecar's own 502 Proxy error names a CONNECT, tunnel or proxy failure.",
     "Check that the sidecar's HTTPS_PROXY points at Squid and that Squid runs ({command}); look for this CONNECT "
     "in access.log.",
     "nc -z <squid> 3128", "squid.sidecar_tunnel (the sidecar's 502 names a CONNECT/tunnel/proxy failure)"},
    {squid_tls_failed, "squid-tls-failed", L::squid, Level::fail,
     "TLS with the upstream through Squid fails (e.g. an ssl-bump CA not trusted)",
     "The TLS handshake through the tunnel fails (certificate not trusted, ssl-bump).",
     "With --ssl-bump, Squid presents its own CA: pass it with --cacert (agents need NODE_EXTRA_CA_CERTS). "
     "Otherwise check what answers at the upstream address.",
     "", "squid.tls"},
    {squid_tunnel_dropped, "squid-tunnel-dropped", L::squid, Level::fail,
     "The tunnel through Squid drops before TLS completes", "The tunnel opened but closed before TLS completed.",
     "With --ssl-bump, Squid presents its own CA: pass it with --cacert (agents need NODE_EXTRA_CA_CERTS). "
     "Otherwise check what answers at the upstream address.",
     "", "squid.tls"},
    {squid_parent_unreachable, "squid-parent-unreachable", L::squid, Level::fail,
     "Squid cannot reach its parent proxy (cache_peer), so no tunnel opens",
     "Squid forwards through a cache_peer parent (never_direct) and its CONNECTs end without an upstream "
     "connection (5xx HIER_NONE, ERR_CANNOT_FORWARD).",
     "Squid forwards every CONNECT to its parent proxy (cache_peer, never_direct allow all) and none came up: check "
     "the parent's host and port in squid.conf against where the upstream proxy really listens (a wrong port looks "
     "exactly like a DNS failure in access.log); the quota or auth errors the client reports are a misreading.",
     "", "log.squid.sidecar_tunnel (5xx HIER_NONE with a cache_peer parent in squid.conf or cache.log)"},
    // ---- upstream ------------------------------------------------------------------------------
    {upstream_key_rejected, "upstream-key-rejected", L::upstream, Level::fail,
     "The upstream rejects the real key held by the api-proxy (revoked or wrong key)",
     "The provider answered 401/403 with its own request id to the key the sidecar injected.",
     "The real key held by the api-proxy is wrong, revoked or lacks permission: rotate the {key_var} secret given "
     "to awf. Compare its length and fingerprint with the key that works outside awf, never the value.",
     "", "upstream.auth (401/403)"},
    {upstream_path_not_found, "upstream-path-not-found", L::upstream, Level::fail,
     "The upstream answers 404 for the request path", "The provider answered 404 to the zero-token probe's path.",
     "The request path is wrong: check {base_url_var} for a path (…/v1 doubles to /v1/v1/messages) and "
     "ANTHROPIC_API_BASE_PATH in the sidecar.",
     "", "upstream.auth"},
    {upstream_beta_header_rejected, "upstream-beta-header-rejected", L::upstream, Level::fail,
     "The upstream rejects an anthropic-beta value the request carries",
     "A 400 invalid_request_error names an anthropic-beta value: the key is not in question, the header is.",
     "Drop the anthropic-beta value {provider} names (a newer client, or an api-proxy that strips values named in "
     "such 400s); a request without it succeeds through the same chain.",
     "", "upstream.auth (400 naming an anthropic-beta value)"},
    {upstream_parameter_rejected, "upstream-parameter-rejected", L::upstream, Level::fail,
     "The upstream rejects a body parameter of the request",
     "A 400 invalid_request_error names a parameter the provider does not accept (e.g. stream_options).",
     "Find which hop adds or keeps the parameter {provider} names: send the request with stream false and true "
     "through the api-proxy; a parameter the client never sent was added on the way.",
     "", "upstream.auth (400 naming a parameter)"},
    {upstream_model_rejected, "upstream-model-rejected", L::upstream, Level::fail,
     "The upstream rejects the model named in the request",
     "A 400 invalid_request_error names the model: unknown, retired or not allowed for this key.",
     "Use a model {provider} serves for this key (the client's --model / ANTHROPIC_MODEL).",
     "", "upstream.auth (400 naming a model)"},
    {upstream_path_rejected, "upstream-path-rejected", L::upstream, Level::fail,
     "The upstream rejects the request path",
     "A 400 invalid_request_error names the URL or path: the request reached the provider on a path it does not serve.",
     "The client speaks another protocol or path than the port it is given: check the client's API type and base "
     "URL path against {base_url_var}.",
     "", "upstream.auth (400 naming a path)"},
    {upstream_stream_truncated, "upstream-stream-truncated", L::upstream, Level::fail,
     "The stream ends before message_stop",
     "The streamed answer stops without message_stop and without an error event: the connection was cut.",
     "Something cuts the stream between {provider} and the client: look for resets and timeouts in the "
     "api-proxy log and Squid's access.log (a short read_timeout or a tunnel closed mid-stream).",
     "", "upstream.stream"},
    {upstream_stream_error, "upstream-stream-error", L::upstream, Level::fail,
     "The provider ends the stream with an error event",
     "After HTTP 200, the stream carries event: error (e.g. overloaded_error) and ends.",
     "{provider} reported an error mid-stream (see the error type above): retry later; overloaded_error is the "
     "provider's capacity, not the chain.",
     "", "upstream.stream"},
    {upstream_error, "upstream-error", L::upstream, Level::fail, "The upstream answers with an error",
     "The provider answered the zero-token probe with another error.",
     "Read {provider}'s error above; the request-id identifies it for {provider} support.", "",
     "upstream.auth (any other status)"},
    {upstream_not_provider, "upstream-not-anthropic", L::upstream, Level::fail,
     "Something other than the provider answers at the upstream address",
     "A keyless request through the tool's own tunnel is not answered in the provider's shape.",
     "Something other than the provider answers at the upstream address: check --upstream, Squid's cache_peer / "
     "ssl-bump settings and DNS for the upstream host.",
     "", "upstream.reachable"},
    // ---- issue 5 (appended: ids are never reordered) -------------------------------------------
    {sidecar_upstream_cert_untrusted, "squid-sidecar-cert-untrusted", L::squid, Level::fail,
     "The api-proxy does not trust the upstream's certificate (ssl-bump CA or a TLS-intercepting proxy)",
     "The sidecar's own 502 Proxy error names a certificate failure (e.g. Node's \"unable to verify the first "
     "certificate\"): its Node process does not trust the certificate it gets through the tunnel, so every call "
     "fails with that 502.",
     "Give the api-proxy the CA that signs what it sees: with awf's --ssl-bump, awf provides Squid's CA; with a "
     "corporate TLS proxy, mount its CA into the api-proxy container and set NODE_EXTRA_CA_CERTS=<ca.pem> there "
     "(Node reads it once at start, so restart the sidecar). Setting it in the agent does not help the sidecar.",
     "", "squid.sidecar_tunnel (the sidecar's 502 names a certificate/TLS failure)"},
    {sidecar_upstream_socket_error, "squid-sidecar-socket-error", L::squid, Level::fail,
     "The api-proxy reports a socket error on its way to the upstream (502 Proxy error)",
     "The sidecar's own 502 Proxy error names neither the tunnel nor a certificate: its request to the upstream "
     "failed on the socket, so every call fails with that 502.",
     "Read the 502's message and the api-proxy's log (docker logs awf-api-proxy, or diagnostics/awf-api-proxy.log) "
     "for this request's id; then Squid's access.log for the sidecar's CONNECT.",
     "", "squid.sidecar_tunnel (any other 502 Proxy error)"},
    {upstream_acceptance_unseen, "upstream-acceptance-unseen", L::upstream, Level::fail,
     "No answer from the real upstream showed the injected credential accepted",
     "The run probed the client's route, but no request on it got an answer produced by the provider that shows "
     "the credential was accepted; the report never passes a chain on less.",
     "Read the proxy.forward and squid.sidecar_tunnel evidence above: the answer came from {provider}'s stand-in, "
     "the api-proxy or Squid, or there was none.",
     "", "report (green-needs-acceptance rule)"},
    {sidecar_key_invalid_character, "proxy-key-invalid-character", L::proxy, Level::fail,
     "The api-proxy's real key holds a character not allowed in a header (key hygiene)",
     "The sidecar's own startup key validation (management /health, key_validation) reports network_error "
     "\"Invalid character in header content\": every proxied request will make its Node fail on its own injected "
     "header (ERR_INVALID_CHAR), and the process exits.",
     "The real key given to the api-proxy holds {char_class} in its {auth_header} value. Remove it from the "
     "{key_var} secret given to awf (CI secret, compose YAML): awf's .trim() (since v0.25.6) removes surrounding "
     "whitespace only, not U+200B or a newline inside the key, so upgrading does not fix this. {command} prints "
     "only the offending bytes, never the key.",
     "printf %s \"${key_var}\" | LC_ALL=C tr -d ' -~' | od -An -c",
     "proxy.sidecar_state (key_validation network_error naming an invalid header character)"},
    {sidecar_process_gone, "proxy-sidecar-gone", L::proxy, Level::fail,
     "The api-proxy process is not running (its ports refuse connections)",
     "Both the provider port and the management port of the sidecar refuse connections: the process is gone "
     "(awf <= v0.25.5, and HEAD with a key holding an inner newline or U+200B, exit on the first request with "
     "ERR_INVALID_CHAR).",
     "The api-proxy is not running. Look for its crash in its log: {command} (awf keeps the last 200 lines in "
     "diagnostics/awf-api-proxy.log of its work dir on failure; live: docker logs awf-api-proxy). ERR_INVALID_CHAR "
     "/ \"Invalid character in header content\" means the real {key_var} holds a character not allowed in a "
     "header: remove it from the secret.",
     "grep -n -e ERR_INVALID_CHAR -e 'Invalid character' <workDir>/diagnostics/awf-api-proxy.log",
     "proxy.sidecar_state (provider and management ports both refuse)"},
    // ---- issue 7: log evidence (appended) ------------------------------------------------------
    {squid_denied_side_traffic, "squid-denied-side-traffic", L::squid, Level::warn,
     "Squid denied the agent's own side traffic (not the chain's calls)",
     "Squid's log shows CONNECTs from the agent's own address denied (telemetry, a direct provider call), to hosts "
     "other than the api-proxy, while the provider calls go through the sidecar, which is exempt from the "
     "allow-list. A warning, never a cause: the chain's calls are judged on their own evidence.",
     "The denied requests came from the agent ({agent_ip}), not from the api-proxy ({sidecar_ip}), which carries the "
     "{provider} calls and skips the allow-list: inference does not need {host} allowed. Allow the domain for the "
     "agent if the tool needs it, or ignore the warning: {command}",
     "grep -F ' {agent_ip}:' access.log | grep TCP_DENIED",
     "log.squid.agent_denials (warn only)"},
    {upstream_no_answer, "upstream-no-answer", L::upstream, Level::fail,
     "The client's own request gets no HTTP answer from the provider (direct topology)",
     "With no base URL override the client talks to the provider itself; the zero-token request with the "
     "client's credential got no HTTP response (refused, reset, timeout, DNS or TLS).",
     "Nothing answered for {provider} on the client's direct route: check DNS and outbound access to the upstream "
     "host, the HTTPS proxy the client uses (if any), and --cacert when a TLS-intercepting proxy sits in between.",
     "", "upstream.auth (direct topology: no HTTP response)"},
    // ---- issue 6 (c): the client-shaped request (appended) -------------------------------------
    {gateway_auth_header_precedence, "proxy-auth-header-precedence", L::proxy, Level::fail,
     "The hop at the base URL authenticates with Authorization although the client also sends x-api-key",
     "The client's request carries x-api-key and Authorization: Bearer; the hop refuses it with 401/403 itself "
     "(no provider request id) and accepts the same request without Authorization (R29).",
     "Two credentials reach the hop at {base_url_var} and it authenticates with Authorization: send the key alone "
     "(unset ANTHROPIC_AUTH_TOKEN when ANTHROPIC_API_KEY or apiKeyHelper holds the gateway key) or configure the "
     "gateway to prefer x-api-key. awf's own api-proxy strips both and is not affected.",
     "", "proxy.client_request (bisection: the Authorization header)"},
    {proxy_client_element_refused, "proxy-client-element-refused", L::proxy, Level::fail,
     "The hop at the base URL refuses the client's request because of one element the client sends",
     "The client-shaped request is refused by the api-proxy or gateway itself (no provider request id); the same "
     "request without one header, query string, path or body is accepted. The bisection names it.",
     "The hop at {base_url_var} refuses {element}, which {client} sends: make it pass that element through "
     "(or strip it before forwarding), or stop the client sending it. The steps above show each request.",
     "", "proxy.client_request (bisection, refusal by the hop)"},
    {upstream_client_element_refused, "upstream-client-element-refused", L::upstream, Level::fail,
     "The provider refuses the client's request because of one element the client sends",
     "The client-shaped request is refused by the provider (its request id); the same request without one header, "
     "query string or body is accepted through the same chain. The bisection names it.",
     "{provider} refuses {element}, which {client} sends and the api-proxy passes on: upgrade the client, or make "
     "the api-proxy drop it. The steps above show each request.",
     "", "upstream.client_request (bisection, refusal by the provider)"},
    {client_path_not_served, "upstream-client-path-not-served", L::upstream, Level::fail,
     "The client sends its requests to a path the provider does not serve",
     "The client-shaped request is refused on the client's path and accepted on the provider's Messages path through "
     "the same chain (R25: an OpenAI chat-completions client on the Anthropic port).",
     "The client speaks another protocol or path than the port it is given ({element}): check the client's API "
     "type and base URL path (e.g. a provider config with api openai-completions) against the route; awf's "
     "api-proxy forwards paths unchanged.",
     "", "upstream.client_request (bisection: the path)"},
    {env_agent_sent_real_credential, "env-agent-sent-real-credential", L::env, Level::fail,
     "The agent sent a real credential, not awf's placeholder, in its own request",
     "capture saw a request from the agent carry a value shaped like a real key or token (a header the sidecar "
     "strips, a part of Authorization: Basic, or a query parameter) that is no placeholder: the secret is inside "
     "the agent, which credential isolation exists to prevent.",
     "The agent holds a real credential ({where}); awf gives it only {placeholder}. Find its source by comparing "
     "the fingerprint with the helper's and the environment's (awf-diag check-chain reports them, never the value): "
     "{command}. Remove it from the agent, keep the real key only in the api-proxy ({key_var} on the host), and "
     "rotate it: it has left the agent.",
     "awf-diag check-chain --only helper.run,env.auth_token,env.api_key -o json",
     "capture.auth"},
};

static_assert(sizeof(kFaults) / sizeof(kFaults[0]) == kFaultCount, "one catalog row per FaultId");

}  // namespace awf::catalog_data

// Fault rows of the api-proxy (or gateway) link (data only; FaultId order within the file, ids never reordered).
// Hints are templates (catalog.hpp); the probe or rule that names a fault fills them.
#include "catalog/fault_parts.hpp"

namespace awf::catalog_data {

using enum FaultId;
using L = Link;

namespace {
const FaultInfo kRows[] = {
    {proxy_not_listening, "proxy-not-listening", L::proxy, Level::fail,
     "Nothing listens at the base URL (the api-proxy's or gateway's address)",
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
     "The api-proxy has no credential for the judged provider (provider_not_configured)",
     "/health answers 503 not_configured, or the sidecar answers provider_not_configured itself (the OpenAI "
     "port: 404 \"OpenAI proxy not configured\"), or its management /health says providers.<p> = false.",
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
     "`curl -si -X POST <base-url>/v1/messages -H 'content-type: application/json' -d '{}'`",
     "proxy.forward, proxy.stream (an error answer without request-id)"},
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
    {proxy_not_http, "proxy-not-http", L::proxy, Level::fail, "Not an HTTP server at the base URL",
     "The base URL's port accepts connections but answers with bytes that are no HTTP status line (HTTP/0.9 or "
     "another protocol): libcurl's code and message are in the evidence.",
     "Something other than an HTTP server listens at {base_url_var}'s host and port: find which process owns the "
     "port ({command}) and point --base-url / {base_url_var} at the api-proxy's port for {provider}.",
     "ss -ltnp", "proxy.health, proxy.forward, proxy.stream, proxy.client_request (no HTTP status line)"},
    {proxy_scheme_mismatch, "proxy-scheme-mismatch", L::proxy, Level::fail,
     "The base URL's scheme does not match what its port speaks (https:// to plain HTTP, or http:// to TLS)",
     "https:// to a port that answers plain bytes (the TLS library's \"wrong version number\"), or http:// to a "
     "port where the request is dropped and a TLS handshake completes, or that answers with Go net/http's "
     "\"400 Bad Request: Client sent an HTTP request to an HTTPS server.\"",
     "Change the scheme of --base-url / {base_url_var} to {scheme}://: the port speaks {speaks}. awf's api-proxy "
     "listens in plain http:// on its provider ports.",
     "", "proxy.health, proxy.forward, proxy.stream, proxy.client_request (scheme mismatch)"},
    {proxy_wrong_provider_port, "proxy-wrong-provider-port", L::proxy, Level::fail,
     "The base URL is another provider's port of the api-proxy",
     "GET /health at the base URL answers as awf's api-proxy for another provider (its per-port service name, or "
     "the management shape of port 10000, which serves OpenAI): the client's requests go to a port that forwards "
     "them to another provider's API.",
     "Point {base_url_var} at awf's {provider} port: {awf_base_url} (domain facts §1: 10000 OpenAI and management, "
     "10001 Anthropic, 10002 Copilot, 10003 Gemini).",
     "", "proxy.health (200 from another provider's port)"},
    {proxy_base_url_wants_proxy_auth, "proxy-base-url-wants-proxy-auth", L::proxy, Level::fail,
     "A proxy that requires credentials answers at the base URL (407 Proxy Authentication Required)",
     "The base URL answered 407 Proxy Authentication Required to GET /health, or to the minimal POST when no "
     "api-proxy /health passed first. Only a proxy sends 407 (RFC 9110 §15.5.8), and the api-proxy answers /health "
     "itself without asking Squid: the base URL points at a proxy (Squid's port, a corporate proxy), not at the "
     "api-proxy or a gateway.",
     "Point --base-url / {base_url_var} at the api-proxy's port for {provider}, not at a proxy: a proxy belongs in "
     "HTTPS_PROXY. Find what listens at the base URL's port ({command}).",
     "ss -ltnp", "proxy.health, proxy.forward (407)"},
    {proxy_gateway_own_error, "proxy-gateway-own-error", L::proxy, Level::fail,
     "The gateway at the base URL refuses the request itself",
     "Outside awf (gateway mode) the hop at the base URL answered with its own error, no provider request id: "
     "it refused the request before forwarding it. In another provider's error shape (OpenAI's "
     "{\"error\":{\"message\",\"type\",\"code\"}} on the Anthropic route) it is either the gateway's own "
     "refusal or an endpoint that speaks that provider's API instead.",
     "Read the gateway's error above and its own log. A 401/403 refuses the credential {client} sends to it "
     "(evidence request.headers names its source: a variable or apiKeyHelper): give the client a key the gateway "
     "accepts. If the base URL speaks another provider's API, point {base_url_var} at the gateway's "
     "{provider}-compatible endpoint. Reproduce: {command}",
     "`curl -si -X POST <base-url>/v1/messages -H 'content-type: application/json' -d '{}'` plus the client's "
     "credential header",
     "proxy.forward (gateway mode: the base URL's own error)"},
    {proxy_base_url_is_http_proxy, "proxy-base-url-is-http-proxy", L::proxy, Level::fail,
     "The base URL points at an HTTP proxy (Squid), not at the api-proxy or a gateway",
     "A request sent straight to the base URL was answered as a forward proxy answers a request that is not "
     "for a full URL (Squid: 400 ERR_INVALID_URL), or the base URL is the proxy's own address: the client's "
     "API calls go to the proxy as if it were the API.",
     "{base_url_var} names the HTTP proxy. Point it at the api-proxy ({awf_base_url} in awf) or at the gateway, "
     "and keep the proxy in HTTPS_PROXY only.",
     "", "proxy.forward (Squid's page for an origin-form request, or the base URL equals the proxy URL)"},
    {proxy_stream_encoding_mismatch, "proxy-stream-encoding-mismatch", L::proxy, Level::fail,
     "The stream's Content-Encoding does not match its bytes",
     "The answer declares a Content-Encoding (e.g. gzip) but its bytes are plain SSE text: a client decodes what "
     "is declared (Claude Code sends accept-encoding: gzip, deflate) and fails on the body.",
     "A hop that rewrites the body kept or added the upstream's Content-Encoding: drop the header when the body is "
     "passed on decoded (or keep the body coded).",
     "", "proxy.stream (encoding_not_applied)"},
    {proxy_stream_malformed, "proxy-stream-malformed", L::proxy, Level::fail,
     "The stream carries events a client cannot parse",
     "After HTTP 200 the events break Anthropic's stream grammar: a data: line that is not JSON, an event without "
     "data, an event name that differs from its type, no message_start, message_start without usage, or events "
     "out of order. Anthropic's own stream has none of these; the client fails with a TypeError (domain §7).",
     "A hop between {provider} and the client rewrites the stream: pass text/event-stream through unchanged "
     "(compare with the same request sent to the upstream directly).",
     "", "proxy.stream (data_not_json, event_without_data, type_mismatch, missing_message_start, missing_usage, "
     "order_violation)"},
    {proxy_beta_value_added, "proxy-beta-value-added", L::proxy, Level::fail,
     "A hop adds an anthropic-beta value that the upstream refuses",
     "The provider's 400 names an anthropic-beta value that the request never carried (neither the client's "
     "request nor the tool's): only a hop that terminates HTTP can have added it. awf's api-proxy merges "
     "extended-cache-ttl-2025-04-11 into anthropic-beta when AWF_ANTHROPIC_AUTO_CACHE=1.",
     "The hop at the base URL adds `{element}` to anthropic-beta and {provider} refuses it: in awf unset "
     "AWF_ANTHROPIC_AUTO_CACHE (or set it to 0) for the api-proxy; in a gateway, stop it adding the value. The "
     "client's own headers are not the cause.",
     "", "proxy.client_request, proxy.stream (400 naming a beta value that was not sent)"},
    {proxy_tls_failed, "proxy-tls-failed", L::proxy, Level::fail,
     "The TLS handshake with the base URL fails",
     "The base URL is https:// and the port accepted the connection, but the TLS handshake did not complete "
     "(closed on the ClientHello, an alert, or a certificate the tool does not trust): no request was sent.",
     "Check what the port at {base_url_var} speaks: awf's api-proxy serves plain HTTP (http://); a TLS gateway "
     "must complete the handshake with a certificate the client trusts (NODE_EXTRA_CA_CERTS for Node clients).",
     "", "proxy.health, proxy.forward, proxy.stream, proxy.client_request (https:// base URL, TLS failed)"},
    {proxy_forward_errors_logged, "proxy-forward-errors-logged", L::proxy, Level::fail,
     "The api-proxy receives the client's requests but its own forwarding fails",
     "The api-proxy's log shows request_start followed by request_error and no request_complete: the requests "
     "reached the sidecar, and its own call onward (through Squid to the provider) failed before any answer "
     "(a client sees error_status: null).",
     "The sidecar logged request_error for every request it forwarded ({element}): its call onward failed, so "
     "look one hop further. Read Squid's access.log for the sidecar's CONNECTs to {upstream_host} (TCP_TUNNEL "
     "established, or denied), and the api-proxy's log around the first error ({command}).",
     "docker logs awf-api-proxy", "log.proxy.requests (api-proxy log: request_error, no request_complete)"},
    {proxy_stream_after_stop, "proxy-stream-after-stop", L::proxy, Level::warn,
     "Bytes follow message_stop on the stream",
     "The stream completed (message_start … message_stop), then more came: further events or bytes that end no "
     "event. The client already has the whole message; an SSE parser discards an unterminated block at the end. "
     "Who appended them is not shown (the first hop that could have is the base URL's).",
     "Compare the stream through the base URL with the upstream's own (`awf-diag probe upstream`): a hop that "
     "appends its own error page or events after the provider's stream is the one to fix.",
     "", "proxy.stream (after_message_stop; warn only)"},
};
}  // namespace

std::span<const FaultInfo> proxy_faults() { return kRows; }

}  // namespace awf::catalog_data

// Fault rows of the upstream link (data only; FaultId order within the file, ids never reordered).
// Hints are templates (catalog.hpp); the probe or rule that names a fault fills them.
#include "catalog/fault_parts.hpp"

namespace awf::catalog_data {

using enum FaultId;
using L = Link;

namespace {
const FaultInfo kRows[] = {
    {upstream_key_rejected, "upstream-key-rejected", L::upstream, Level::fail,
     "The upstream rejects the key it is sent (revoked or wrong key)",
     "The provider answered 401/403 with its own request id to the key on the route (in awf: the key the sidecar "
     "injected; outside awf: the client's own, or the gateway's).",
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
     "A 400 invalid_request_error names the model (unknown, retired or not allowed for this key), or a 404 "
     "not_found_error says `model: <id>` (the model is unknown on this route; the path was served).",
     "Use a model {provider} serves for this key (the client's --model / ANTHROPIC_MODEL; awf-diag's --model for "
     "its stream probe).",
     "", "upstream.auth, upstream.stream, upstream.client_request (400 naming a model, or 404 `model: …`)"},
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
    {upstream_acceptance_unseen, "upstream-acceptance-unseen", L::upstream, Level::fail,
     "No answer from the real upstream showed the route's credential accepted",
     "The run probed the client's route, but no request on it got an answer produced by the provider that shows "
     "the credential was accepted; the report never passes a chain on less.",
     "Read the proxy.forward and squid.sidecar_tunnel evidence above: the answer came from {provider}'s stand-in, "
     "the api-proxy or Squid, or there was none.",
     "", "report (green-needs-acceptance rule)"},
    {upstream_no_answer, "upstream-no-answer", L::upstream, Level::fail,
     "The client's own request gets no HTTP answer from the provider (direct topology)",
     "With no base URL override the client talks to the provider itself; the zero-token request with the "
     "client's credential got no HTTP response (refused, reset, timeout, DNS or TLS).",
     "Nothing answered for {provider} on the client's direct route: check DNS and outbound access to the upstream "
     "host, the HTTPS proxy the client uses (if any), and --cacert when a TLS-intercepting proxy sits in between.",
     "", "upstream.auth (direct topology: no HTTP response)"},
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
     "", "retired from the rules: the path is the client's configuration (env-client-protocol-mismatch)"},
    {upstream_not_http, "upstream-not-http", L::upstream, Level::fail, "Not an HTTP server at the upstream address",
     "The upstream address (through the tunnel) answers with bytes that are no HTTP status line: libcurl's code "
     "and message are in the evidence.",
     "What answers at the upstream address is not {provider}'s API (not even HTTP): check --upstream, and what "
     "Squid resolves the provider's host to ({command} on Squid's host).",
     "getent hosts <upstream host>", "upstream.reachable, upstream.auth (direct topology)"},
    {upstream_scheme_mismatch, "upstream-scheme-mismatch", L::upstream, Level::fail,
     "The upstream URL's scheme does not match what its port speaks",
     "https:// to an upstream port that answers plain bytes (\"wrong version number\"), or http:// to one that "
     "speaks TLS.",
     "Change the scheme of --upstream to {scheme}://: the port speaks {speaks}. {provider}'s API is https:// on "
     "port 443; a plain-HTTP answer there is some other service or an intercepting hop.",
     "", "squid.tls, upstream.reachable, upstream.auth (direct topology: scheme mismatch)"},
    {upstream_credit_exhausted, "upstream-credit-exhausted", L::upstream, Level::fail,
     "The provider refuses the calls because the account's credit balance is too low",
     "The provider answered 400 invalid_request_error \"Your credit balance is too low …\" with its own request id: "
     "the request reached it and its billing check refused it. The chain itself carries the calls.",
     "Add credit to the organization that owns the key held by the api-proxy ({provider}'s console, Plans & "
     "Billing), or give awf a key of an organization with credit ({key_var}). No change to awf, Squid or the "
     "client fixes this.",
     "", "upstream.auth, upstream.client_request, log.upstream.auth (400 naming the credit balance)"},
    {upstream_stream_idle, "upstream-stream-idle", L::upstream, Level::warn,
     "The stream goes silent longer than the client's stream watchdog",
     "The first event, or the next one, came later than --stream-watchdog-ms: a client with its stream watchdog "
     "on (Claude Code: CLAUDE_ENABLE_STREAM_WATCHDOG, CLAUDE_STREAM_IDLE_TIMEOUT_MS) aborts the stream and retries "
     "without streaming.",
     "Compare time to first event through the api-proxy and to the upstream directly: a hop that holds the start "
     "of the stream delays it; otherwise the provider was slow (retry, or raise CLAUDE_STREAM_IDLE_TIMEOUT_MS).",
     "", "upstream.stream (first_event_late, stalled; warn only)"},
};
}  // namespace

std::span<const FaultInfo> upstream_faults() { return kRows; }

}  // namespace awf::catalog_data

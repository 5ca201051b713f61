// Fault rows of the Squid link (data only; FaultId order within the file, ids never reordered).
// Hints are templates (catalog.hpp); the probe or rule that names a fault fills them.
#include "catalog/fault_parts.hpp"

namespace awf::catalog_data {

using enum FaultId;
using L = Link;

namespace {
const FaultInfo kRows[] = {
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
     "The tunnel through Squid drops before TLS completes",
     "The proxy answered CONNECT 200, then the tunnel closed (or was reset) before the TLS handshake finished: "
     "the tunnel closed before TLS. No certificate was ever seen, so this is not ssl-bump or a CA problem.",
     "The tunnel closed before TLS: find this CONNECT in Squid's access.log (TCP_TUNNEL with few bytes) and its "
     "reason in cache.log, and check what listens at the upstream address and whether it closes TLS connections "
     "({command}). --cacert does not apply: no certificate arrived.",
     "grep CONNECT access.log | tail", "squid.tls, upstream.reachable (CONNECT 200, then closed before TLS)"},
    {squid_parent_unreachable, "squid-parent-unreachable", L::squid, Level::fail,
     "Squid cannot reach its parent proxy (cache_peer), so no tunnel opens",
     "Squid forwards through a cache_peer parent (never_direct) and its CONNECTs end without an upstream "
     "connection (5xx HIER_NONE, ERR_CANNOT_FORWARD).",
     "Squid forwards every CONNECT to its parent proxy (cache_peer, never_direct allow all) and none came up: check "
     "the parent's host and port in squid.conf against where the upstream proxy really listens (a wrong port looks "
     "exactly like a DNS failure in access.log); the quota or auth errors the client reports are a misreading.",
     "", "log.squid.sidecar_tunnel (5xx HIER_NONE with a cache_peer parent in squid.conf or cache.log)"},
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
    {squid_denied_side_traffic, "squid-denied-side-traffic", L::squid, Level::warn,
     "Squid denied the agent's own side traffic (not the chain's calls)",
     "Squid's log shows CONNECTs from the agent's own address denied (telemetry, a direct provider call), to hosts "
     "other than the api-proxy, while the provider calls go through the sidecar, which is exempt from the "
     "allow-list. A warning, never a cause: the chain's calls are judged on their own evidence.",
     "The denied requests came from the agent ({agent_ip}), not from the api-proxy ({sidecar_ip}), which carries the "
     "{provider} calls and skips the allow-list: inference does not need {host} allowed. Allow the domain for the "
     "agent if the tool needs it, or ignore the warning: {command}",
     // Both layouts: awf's firewall_detailed writes "client:port", Squid's native format "client " (F13).
     "grep -E ' {agent_ip_regex}[: ]' access.log | grep TCP_DENIED",
     "log.squid.agent_denials (warn only)"},
    {squid_not_http_proxy, "squid-not-http-proxy", L::squid, Level::fail,
     "Not an HTTP proxy at the proxy address: its answer to CONNECT is not HTTP",
     "The proxy address accepts connections but answers CONNECT with bytes that are no HTTP status line "
     "(libcurl: \"CONNECT tunnel failed, response 0\").",
     "Something other than Squid listens at the proxy address: check --squid / HTTPS_PROXY against where awf's "
     "Squid really listens ({command}).",
     "ss -ltnp", "squid.connect, squid.tls, upstream.reachable (the CONNECT answer has no status line)"},
    {squid_proxy_auth_required, "squid-proxy-auth-required", L::squid, Level::fail,
     "The proxy requires credentials (407 Proxy Authentication Required)",
     "The proxy answered CONNECT (or the sidecar relayed its answer) with 407: it has an auth_param and wants "
     "Proxy-Authorization.",
     "Proxy credentials required: awf's Squid asks for none, so --squid / HTTPS_PROXY points at another proxy (a "
     "corporate one) or Squid was given an auth_param. Point the chain at awf's Squid; if a parent proxy needs "
     "credentials, give them to Squid (cache_peer … login=), never to the agent.",
     "", "squid.connect, squid.tls, squid.sidecar_tunnel, upstream.reachable (407)"},
};
}  // namespace

std::span<const FaultInfo> squid_faults() { return kRows; }

}  // namespace awf::catalog_data

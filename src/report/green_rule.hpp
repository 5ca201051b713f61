#pragma once
// The report's one guard against a green verdict on a broken chain (issue 5, pt 4): a run that
// probed the client's route (it holds upstream.auth) may end PASS or WARN only when a request on
// that route got an answer produced by the real upstream (origin provider, domain.md §10) that
// shows the injected credential was accepted (upstream.auth pass, or warn for a 429 rate limit; a
// 529 overload or other 5xx says nothing about the key). Anything else that the check rules left
// green — the sidecar's own answer, a Squid page, no answer, an answer nobody recognises, an
// overload — turns upstream.auth into a failure with the named cause `upstream-acceptance-unseen`.
// A run without upstream.auth that sent proxy.forward (`probe proxy`, --only, --skip) gets
// upstream.auth added, judged from proxy.forward's answer, unless that answer is acceptance (an
// inconclusive answer stays `error`, as upstream.auth itself would leave it). A run that asks about
// the upstream link but sent no request on the route gets upstream.auth added as `error`
// "inconclusive: … not shown" (exit 3). A run asks about the upstream when a live upstream.* check is
// in it (--skip proxy.forward …), or when its command covers the upstream link (check-chain, `probe
// upstream`: `upstream_in_scope`) and its selection kept a live check of a hop (proxy.*, squid.*):
// `check-chain --skip 'upstream.*' --skip 'squid.*'` on a direct route (new-user test 13 F8).
// Runs that neither sent a request nor ask about the upstream (`probe env`, `probe helper`, `probe
// squid`, or check-chain narrowed to helper.*/env.*, the same single-link questions) and runs that
// already fail or could not run are left as they are.
#include <vector>

#include "core/check.hpp"

namespace awf {

/// Applies the rule in place. Returns true when it changed a check.
bool require_upstream_acceptance(std::vector<Check>& checks, bool upstream_in_scope = false);

}  // namespace awf

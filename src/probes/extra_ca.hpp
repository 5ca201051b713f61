#pragma once
// env.extra_ca_certs: NODE_EXTRA_CA_CERTS where the client reads it. Node reads the variable once at
// process start and, for a file it cannot use, only prints `Warning: Ignoring extra certs from …`;
// TLS to a certificate signed by that CA then fails (domain.md §2, the NODE_EXTRA_CA_CERTS row: awf
// sets it with --ssl-bump to a CA copy under /tmp/awf-lib/; a settings-file env block is too late).
// The file is parsed with OpenSSL (PEM_read_bio_X509, X509_check_ca); the sidecar's own trust of the
// upstream is judged by squid.sidecar_tunnel (fault squid-sidecar-cert-untrusted).
#include <string>

#include "core/runner.hpp"
#include "observe/env_facts.hpp"

namespace awf {

/// Definition of env.extra_ca_certs (link env, no prerequisites).
CheckDef env_extra_ca_check();

namespace probe_detail {

/// Reads the CA file at `path` (a regular file of at most 16 MiB, core/text_file.hpp) into `e`:
/// missing / read_error / readable, then pem_block, certificates and cas. No other field is touched.
void inspect_ca_file(const std::string& path, ExtraCaFacts& e);

}  // namespace probe_detail
}  // namespace awf

// env.extra_ca_certs (extra_ca.hpp): observes NODE_EXTRA_CA_CERTS and its file; rules/env_rules.hpp
// judges it.
#include "probes/extra_ca.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <memory>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include "catalog/check_ids.hpp"
#include "core/text_file.hpp"
#include "probes/awf_env.hpp"
#include "probes/settings_sources.hpp"
#include "rules/env_rules.hpp"

namespace awf {
namespace probe_detail {

void inspect_ca_file(const std::string& path, ExtraCaFacts& e) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0 && (errno == ENOENT || errno == ENOTDIR)) {
    e.missing = true;
    return;
  }
  std::string pem;
  try {
    pem = read_text_file(path, kMaxCaBundleBytes);
  } catch (const std::exception& ex) {
    e.read_error = ex.what();
    return;
  }
  e.readable = true;
  e.pem_block = pem.find("-----BEGIN CERTIFICATE-----") != std::string::npos;
  if (!e.pem_block) return;
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), BIO_free);
  if (!bio) return;
  // Every certificate in the file, as Node's PEM reader takes them; other blocks are skipped by
  // PEM_read_bio_X509 itself. Bounded by the file size (each certificate is hundreds of bytes).
  while (X509* cert = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr)) {
    ++e.certificates;
    if (X509_check_ca(cert) >= 1) ++e.cas;
    X509_free(cert);
  }
  ERR_clear_error();  // the loop ends on "no start line": not an error for the next OpenSSL user
}

}  // namespace probe_detail

namespace {

using namespace probe_detail;

bool starts_with_https(std::string_view v) {
  constexpr std::string_view k = "https://";
  if (v.size() < k.size()) return false;
  for (std::size_t i = 0; i < k.size(); ++i)
    if (static_cast<char>(std::tolower(static_cast<unsigned char>(v[i]))) != k[i]) return false;
  return true;
}

Check run(const ProbeContext& ctx) {
  register_credentials(ctx.spec.env, ctx.secrets);
  const SettingsSources sources = read_settings_sources(ctx.spec, ctx.secrets);
  ExtraCaFacts e;
  if (auto v = ctx.spec.env.get(e.var); v && !trim_view(*v).empty()) {
    e.set = true;
    e.path = *v;
  } else {
    for (const SettingsFile* f : sources.by_precedence())
      if (auto it = f->env.find(e.var); f->parsed && it != f->env.end() && !trim_view(it->second).empty()) {
        e.settings_only_from = f->path;
        e.path = it->second;
        break;
      }
  }
  // The client's route: its base URL as the settings blocks leave it (none = the provider itself, TLS).
  const ClientEnv client = client_env(ctx.spec.env, sources);
  const auto base = client.env.get(kBaseUrlVar);
  e.tls_route = !base || trim_view(*base).empty() || starts_with_https(trim_view(*base));
  if (!e.path.empty()) inspect_ca_file(e.path, e);

  Check c;
  c.evidence["variable"] = e.var;
  c.evidence["path"] = e.path.empty() ? nlohmann::json(nullptr) : nlohmann::json(e.path);
  if (!e.settings_only_from.empty()) c.evidence["settings_only_from"] = e.settings_only_from;
  if (!e.path.empty())
    c.evidence.update({{"readable", e.readable},
                       {"pem_block", e.pem_block},
                       {"certificates", e.certificates},
                       {"ca_certificates", e.cas},
                       {"tls_route", e.tls_route}});
  if (!e.read_error.empty()) c.evidence["error"] = e.read_error;
  apply(c, judge_env_extra_ca(e, claude()));
  EnvFacts facts;
  facts.awf_marker = awf_marker(ctx.spec.env);
  facts.extra_ca = std::move(e);
  c.obs.env = std::move(facts);
  return c;
}

}  // namespace

CheckDef env_extra_ca_check() {
  return CheckDef{std::string(check_id::env_extra_ca_certs), Link::env,
                  "NODE_EXTRA_CA_CERTS, when set, names a readable PEM file with a CA certificate", {}, run};
}

}  // namespace awf

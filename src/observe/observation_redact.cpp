// redact_observation (observation_redact.hpp): one line per string field, grouped by struct. A new
// string field in observe/ gets its line here (tests/observe/observation_json_test.cpp plants a
// secret in the fields the report writes).
#include "observe/observation_redact.hpp"

namespace awf {
namespace {

struct Redactor {
  const SecretSet& secrets;
  void operator()(std::string& s) const {
    if (!s.empty()) s = redact(s, secrets);
  }
  void operator()(std::optional<std::string>& s) const {
    if (s) (*this)(*s);
  }
  void operator()(std::vector<std::string>& v) const {
    for (auto& s : v) (*this)(s);
  }
};

void exchange(Exchange& e, const Redactor& r) {
  for (std::string* s : {&e.client_addr, &e.sent.method, &e.sent.target, &e.sent.body, &e.sent.credential_kind,
                         &e.transport_detail, &e.origin_why, &e.error_type, &e.error_message, &e.request_id, &e.squid_error,
                         &e.squid_result, &e.squid_hierarchy, &e.client_error})
    r(*s);
  r(e.sent.header_names);
}

void sidecar(SidecarState& s, const Redactor& r) {
  r(s.status);
  r(s.service);
  r(s.squid_proxy);
  for (auto& [name, kv] : s.key_validation) {
    r(kv.status);
    r(kv.message);
  }
}

void stream(sse::StreamResult& s, const Redactor& r) {
  for (auto& f : s.findings) r(f.detail);
  r(s.event_names);
  r(s.stop_reason);
  r(s.error_type);
  r(s.error_message);
}

void env(EnvFacts& f, const Redactor& r) {
  r(f.awf_marker);
  r(f.other_provider_var);
  if (f.base_url)
    for (std::string* s : {&f.base_url->var, &f.base_url->value, &f.base_url->parse_error, &f.base_url->scheme,
                           &f.base_url->host, &f.base_url->path})
      r(*s);
  for (auto& k : f.key_vars) r(k.name);
  if (f.token_var) r(f.token_var->name);
  if (f.oauth_var) r(f.oauth_var->name);
  r(f.proxy_vars);
  for (auto& l : f.no_proxy) {
    r(l.name);
    r(l.entry);
  }
  for (auto& s : f.settings) {
    r(s.path);
    r(s.error);
    for (auto& v : s.vars) {
      r(v.name);
      r(v.value);
      r(v.agent_value);
    }
  }
  for (auto& [name, path] : f.from_settings) r(path);
  if (f.extra_ca)
    for (std::string* s : {&f.extra_ca->var, &f.extra_ca->path, &f.extra_ca->settings_only_from, &f.extra_ca->read_error})
      r(*s);
}

void file(SettingsFile& f, const Redactor& r) {
  r(f.path);
  r(f.value);
  r(f.error);
  for (auto& [name, value] : f.env) r(value);
}

void helper_config(HelperConfigFacts& f, const Redactor& r) {
  r(f.home);
  r(f.home_origin);
  file(f.managed, r);
  file(f.settings, r);
  file(f.legacy, r);
  r(f.signal_var);
  r(f.signal);
  r(f.other_credentials);
}

void run_once(HelperRunOnce& h, const Redactor& r) {
  r(h.label);
  r(h.spawn_error);
  r(h.wait_error);
}

void helper_run(HelperRunFacts& f, const Redactor& r) {
  for (std::string* s : {&f.command, &f.path, &f.echoed, &f.chroot_var, &f.image_dir, &f.runnable.what,
                         &f.runnable.interpreter, &f.minimal_path})
    r(*s);
  for (auto& v : f.script_vars) r(v.name);
  run_once(f.minimal, r);
  run_once(f.full, r);
}

}  // namespace

void redact_observation(Observation& obs, const SecretSet& secrets) {
  const Redactor r{secrets};
  if (obs.exchange) exchange(*obs.exchange, r);
  if (obs.health) {
    r(obs.health->service);
    r(obs.health->status);
  }
  if (obs.credentials) r(obs.credentials->sources);
  r(obs.helper_command);
  if (obs.captured)
    for (auto* v : {&obs.captured->auth_schemes, &obs.captured->first_credentials, &obs.captured->requests,
                    &obs.captured->unserved, &obs.captured->versions, &obs.captured->betas})
      r(*v);
  if (obs.sidecar) sidecar(*obs.sidecar, r);
  if (obs.stream) stream(*obs.stream, r);
  if (obs.env) env(*obs.env, r);
  if (obs.helper_config) helper_config(*obs.helper_config, r);
  if (obs.helper_run) helper_run(*obs.helper_run, r);
}

}  // namespace awf

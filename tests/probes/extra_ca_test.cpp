// env.extra_ca_certs's observation (probes/extra_ca.hpp) on files in a temp dir: a CA, a leaf, a
// non-PEM file, a missing one; and the variable set only in a settings env block. No process.
#include <catch.hpp>

#include <map>

#include "probes/extra_ca.hpp"
#include "support/test_support.hpp"

using namespace awf;
using namespace awf::probe_detail;

namespace {

// A throwaway self-signed test CA (basicConstraints critical, CA:TRUE) and a leaf it signed (CA:FALSE).
const char* kCa = R"(-----BEGIN CERTIFICATE-----
MIIBjTCCATOgAwIBAgIUF9EKIdiAqY5NODb3Qoj9v+R/Ij0wCgYIKoZIzj0EAwIw
GzEZMBcGA1UEAwwQYXdmLWRpYWcgdGVzdCBDQTAgFw0yNjExMzAwMjAzMTVaGA8y
MTI2MTEwNjAyMDMxNVowGzEZMBcGA1UEAwwQYXdmLWRpYWcgdGVzdCBDQTBZMBMG
ByqGSM49AgEGCCqGSM49AwEHA0IABLQ2E+pJWiHjjI+BWXpX4k7ogysU0HGJ3uYn
VjwpVw3BENyqvpSY5wbCISnnaaJM9y+eeKuujaEy6Op25F4yi4OjUzBRMB0GA1Ud
DgQWBBR9tmTthYieA73xPGtEoDDcKNIgtDAfBgNVHSMEGDAWgBR9tmTthYieA73x
PGtEoDDcKNIgtDAPBgNVHRMBAf8EBTADAQH/MAoGCCqGSM49BAMCA0gAMEUCIGJs
5gYTVRxej6wAjrvuI/rhR+FSU+MkJ7wdJxbFtdqOAiEA5GaLfTGt03+bFw1T6yD3
ELm4LAXCfgm0B0HYuRQHK+k=
-----END CERTIFICATE-----
)";
const char* kLeaf = R"(-----BEGIN CERTIFICATE-----
MIIBfzCCASagAwIBAgIUP3qsVw2H8Nqumx7RVWKhwNjwgwAwCgYIKoZIzj0EAwIw
GzEZMBcGA1UEAwwQYXdmLWRpYWcgdGVzdCBDQTAgFw0yNjExMzAwMjAzMTVaGA8y
MTI2MTEwNjAyMDMxNVowFDESMBAGA1UEAwwJbGVhZi50ZXN0MFkwEwYHKoZIzj0C
AQYIKoZIzj0DAQcDQgAE2JcKPJZ6neaIvBeO0HTdQcdCluZ5jxPY7RFstlABnQ/s
91a2an2VEMlJTRsD9HUt7S1sYvFPbuIehKZqYJyrc6NNMEswCQYDVR0TBAIwADAd
BgNVHQ4EFgQUUOtrz//9o4m040++EjHyEhtWVjIwHwYDVR0jBBgwFoAUfbZk7YWI
ngO98TxrRKAw3CjSILQwCgYIKoZIzj0EAwIDRwAwRAIgNqkJcs/f5SZcULSBRk6+
aGtBSwfUpiWm2XrIqeTk2CcCIDjbL9kVcHuENJKRwJiCHwgTgi8KDeB0FOAlJqOM
2hvJ
-----END CERTIFICATE-----
)";

ExtraCaFacts inspect(const std::string& path) {
  ExtraCaFacts e;
  inspect_ca_file(path, e);
  return e;
}

Check run_check(const test::TempDir& dir, EnvSnapshot env, const std::string& managed = "") {
  ChainSpec spec;
  spec.home = dir.path() + "/nohome";
  spec.managed_settings = managed.empty() ? dir.path() + "/absent.json" : dir.write("managed.json", managed);
  spec.env = std::move(env);
  SecretSet secrets;
  std::map<std::string, Check> done;
  ProbeContext ctx{spec, Clock::now() + std::chrono::seconds(5), done, secrets};
  return env_extra_ca_check().run(ctx);
}

}  // namespace

TEST_CASE("inspect_ca_file: a CA, a CA bundle with a leaf, a leaf, DER-like bytes, a missing file, a directory",
          "[probes][extra_ca]") {
  test::TempDir d;
  ExtraCaFacts e = inspect(d.write("ca.pem", kCa));
  CHECK(e.readable);
  CHECK(e.pem_block);
  CHECK(e.certificates == 1);
  CHECK(e.cas == 1);
  e = inspect(d.write("bundle.pem", std::string(kLeaf) + "# comment\n" + kCa));
  CHECK(e.certificates == 2);
  CHECK(e.cas == 1);
  e = inspect(d.write("leaf.pem", kLeaf));
  CHECK(e.certificates == 1);
  CHECK(e.cas == 0);
  e = inspect(d.write("ca.der", std::string("\x30\x82\x01\x8d\x30\x82", 6)));
  CHECK(e.readable);
  CHECK_FALSE(e.pem_block);
  CHECK(e.certificates == 0);
  e = inspect(d.write("broken.pem", "-----BEGIN CERTIFICATE-----\nnot base64 at all\n-----END CERTIFICATE-----\n"));
  CHECK(e.pem_block);
  CHECK(e.certificates == 0);
  e = inspect(d.path() + "/nope.pem");
  CHECK(e.missing);
  CHECK_FALSE(e.readable);
  e = inspect(d.path());
  CHECK_FALSE(e.missing);
  CHECK_FALSE(e.readable);
  CHECK_FALSE(e.read_error.empty());
}

TEST_CASE("env.extra_ca_certs: the check on real files", "[probes][extra_ca]") {
  test::TempDir d;
  EnvSnapshot env;
  CHECK(run_check(d, env).status == Status::pass);

  env.vars["NODE_EXTRA_CA_CERTS"] = d.write("ca.pem", kCa);
  Check c = run_check(d, env);
  CHECK(c.status == Status::pass);
  CHECK(c.evidence["ca_certificates"] == 1);

  env.vars["NODE_EXTRA_CA_CERTS"] = d.path() + "/gone.pem";
  c = run_check(d, env);
  CHECK(c.status == Status::fail);  // no base URL: the client speaks TLS to the provider itself
  CHECK(c.evidence["fault"] == "env-extra-ca-unreadable");
  env.vars["ANTHROPIC_BASE_URL"] = "http://127.0.0.1:10001";
  CHECK(run_check(d, env).status == Status::warn);

  env.vars["ANTHROPIC_BASE_URL"] = "https://127.0.0.1:8443";
  env.vars["NODE_EXTRA_CA_CERTS"] = d.write("key.pem", "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
  c = run_check(d, env);
  CHECK(c.status == Status::fail);
  CHECK(c.evidence["fault"] == "env-extra-ca-not-pem");

  // Set only in the managed settings' env block: too late for Node.
  EnvSnapshot bare;
  c = run_check(d, bare, std::string(R"({"env":{"NODE_EXTRA_CA_CERTS":")") + d.path() + "/ca.pem\"}}");
  CHECK(c.status == Status::warn);
  CHECK(c.evidence["fault"] == "env-extra-ca-settings-only");
  CHECK(c.evidence["settings_only_from"] == d.path() + "/managed.json");
}

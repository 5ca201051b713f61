// The one rule for a credential in the agent, by topology side and source (rules/agent_credential.hpp).
#include <catch.hpp>

#include "rules/agent_credential.hpp"

using namespace awf;

TEST_CASE("agent credential rule: inside awf every source fails, outside a variable warns and the helper passes",
          "[rules][credential]") {
  for (CredentialSource s : {CredentialSource::key_var, CredentialSource::token_var, CredentialSource::oauth_var,
                             CredentialSource::settings_block, CredentialSource::helper_output}) {
    INFO(static_cast<int>(s));
    CHECK(agent_credential_status(true, s) == Status::fail);
    CHECK(agent_credential_status(false, s) ==
          (s == CredentialSource::helper_output ? Status::pass : Status::warn));
  }
}

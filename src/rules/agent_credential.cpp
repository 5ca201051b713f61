// agent_credential_status (agent_credential.hpp): one table, by topology side and source.
#include "rules/agent_credential.hpp"

namespace awf {

Status agent_credential_status(bool in_awf, CredentialSource src) {
  if (in_awf) return Status::fail;
  switch (src) {
    case CredentialSource::helper_output: return Status::pass;
    case CredentialSource::key_var:
    case CredentialSource::token_var:
    case CredentialSource::oauth_var:
    case CredentialSource::settings_block: return Status::warn;
  }
  return Status::warn;
}

}  // namespace awf

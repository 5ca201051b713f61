#include "observe/env_facts.hpp"

namespace awf {

const char* to_string(TokenKind k) {
  switch (k) {
    case TokenKind::absent: return "absent";
    case TokenKind::placeholder: return "placeholder";
    case TokenKind::old_placeholder: return "old-placeholder";
    case TokenKind::empty: return "empty";
    case TokenKind::real_key: return "real-key";
    case TokenKind::other: return "other";
  }
  return "other";
}

}  // namespace awf

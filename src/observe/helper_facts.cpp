#include "observe/helper_facts.hpp"

namespace awf {

const char* to_string(HelperValue v) {
  switch (v) {
    case HelperValue::empty: return "empty";
    case HelperValue::placeholder: return "placeholder";
    case HelperValue::old_placeholder: return "old-placeholder";
    case HelperValue::real_key: return "real-key";
    case HelperValue::other: return "other";
  }
  return "other";
}

}  // namespace awf

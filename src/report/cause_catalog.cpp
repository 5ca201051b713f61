#include "report/cause_catalog.hpp"

#include "catalog/catalog.hpp"

namespace awf {

std::string cause_title(const std::string& fault_id) {
  auto id = fault_from_code(fault_id);
  return id ? std::string(info(*id).title) : std::string();
}

}  // namespace awf

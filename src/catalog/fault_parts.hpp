#pragma once
// The fault table, in one part per link (src/catalog/faults_<link>.cpp, data only). catalog.cpp
// indexes the parts by FaultId once and checks that every id has exactly one row; a new fault is a
// FaultId (ids.hpp) plus one row in its link's file.
#include <span>

#include "catalog/catalog.hpp"

namespace awf::catalog_data {

std::span<const FaultInfo> helper_faults();
std::span<const FaultInfo> env_faults();
std::span<const FaultInfo> proxy_faults();
std::span<const FaultInfo> squid_faults();
std::span<const FaultInfo> upstream_faults();

}  // namespace awf::catalog_data

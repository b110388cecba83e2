// Where /proc and /sys are (psutil's PROCFS_PATH). Stored by the shared layer; read by the
// Linux backend for every path it opens.
#pragma once

#include <memory>
#include <string>

namespace psinfo::detail {

// Snapshots of the current roots; a concurrent set_*_path() never changes a string in use.
std::shared_ptr<const std::string> procfs_root();
std::shared_ptr<const std::string> sysfs_root();

}  // namespace psinfo::detail

// Linux processes (stub until implemented).
#include <psinfo/errors.hpp>

#include "platform.hpp"
#include "process_state.hpp"

namespace psinfo {
namespace {
[[noreturn]] void todo(const char* what) {
  throw not_supported(std::string(what) + ": not implemented yet");
}
}  // namespace

memory_full_info_t process::memory_full_info() const { todo("memory_full_info"); }
std::vector<memory_map_t> process::memory_maps(bool) const { todo("memory_maps"); }
std::vector<open_file_t> process::open_files() const { todo("open_files"); }
std::vector<connection_t> process::net_connections(std::string_view) const { todo("net_connections"); }

}  // namespace psinfo

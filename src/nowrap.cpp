// Shared layer: psutil's nowrap accumulation (stub until implemented).
#include <psinfo/host.hpp>

namespace psinfo {
void cache_clear(std::string_view) {}
}  // namespace psinfo

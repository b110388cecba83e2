// A program that uses an installed psinfo, as a user would: only <psinfo/...> headers.
// Prints key=value lines that tests/install/run.sh compares with /proc and getconf.
#include <psinfo/psinfo.hpp>

#include <cstdio>
#include <exception>

int main() {
  try {
    const psinfo::virtual_memory_t vm = psinfo::virtual_memory();
    const std::optional<int> cpus = psinfo::cpu_count();
    std::printf("version=%s\n", psinfo::version());
    std::printf("header_version=%d.%d.%d\n", PSINFO_VERSION_MAJOR, PSINFO_VERSION_MINOR,
                PSINFO_VERSION_PATCH);
    std::printf("mem_total=%llu\n", static_cast<unsigned long long>(vm.total));
    std::printf("cpu_count=%d\n", cpus ? *cpus : -1);
    // An exception thrown inside the library must be catchable by its type out here (its
    // type information has to be visible across the shared library boundary).
    try {
      psinfo::cpu_percent(-1.0);
      std::printf("invalid_argument=not-thrown\n");
    } catch (const psinfo::invalid_argument&) {
      std::printf("invalid_argument=caught\n");
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "consumer: %s\n", e.what());
    return 1;
  }
  return 0;
}

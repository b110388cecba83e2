// The fuzz targets of the macOS backend's buffer parsers (src/macos/convert.hpp): bytes in, as
// the kernel hands them over (KERN_PROCARGS2, the routing socket's NET_RT_IFLIST2). Built on any
// OS; listed in targets.cpp's table; seeds in fuzz/regressions/procargs/ and iflist2/.
#include "targets_macos.hpp"

#include <cstdint>
#include <cstring>
#include <string>

#include "check.hpp"
#include "macos/convert.hpp"

namespace psinfo_fuzz {

// macOS: a KERN_PROCARGS2 buffer (src/macos/convert.cpp: parse_procargs, environ_from). Nothing
// read lies outside the buffer; every string is NUL-free; no more arguments than argc says.
void fuzz_procargs(std::string_view d) {
  const psinfo::detail::macos::procargs a =
      psinfo::detail::macos::parse_procargs(d.data(), d.size());
  std::int32_t argc = 0;
  if (d.size() >= sizeof argc) std::memcpy(&argc, d.data(), sizeof argc);
  FUZZ_CHECK(a.argv.size() <= static_cast<std::size_t>(argc < 0 ? 0 : argc));
  std::size_t total = a.exe.empty() ? 0 : a.exe.size() + 1;
  FUZZ_CHECK(a.exe.find('\0') == std::string::npos);
  for (const std::string& s : a.argv) {
    FUZZ_CHECK(s.find('\0') == std::string::npos);
    total += s.size() + 1;
  }
  for (std::string_view v : a.env) {
    FUZZ_CHECK(!v.empty() && v.find('\0') == std::string_view::npos);
    FUZZ_CHECK(v.data() >= d.data() && v.data() + v.size() < d.data() + d.size());
    total += v.size() + 1;
  }
  FUZZ_CHECK(total <= d.size());
  for (const auto& [key, value] : psinfo::detail::macos::environ_from(a.env)) {
    FUZZ_CHECK(!key.empty() && key.find('=') == std::string::npos);
    (void)value;
  }
}

// macOS: the routing socket's NET_RT_IFLIST2 interface list (net_io_from_iflist2): names of at
// most 15 bytes, never read past the buffer.
void fuzz_iflist2(std::string_view d) {
  const auto* p = reinterpret_cast<const unsigned char*>(d.data());
  for (const auto& [name, c] : psinfo::detail::macos::net_io_from_iflist2(p, d.size())) {
    FUZZ_CHECK(name.size() <= 15);
    FUZZ_CHECK(c.dropout == 0);
  }
}

}  // namespace psinfo_fuzz

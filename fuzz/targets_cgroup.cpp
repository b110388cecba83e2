// The fuzz targets of the cgroup and PSI parsers (targets_cgroup.hpp).
#include "targets_cgroup.hpp"

#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "check.hpp"
#include "linux/cgroup_parse.hpp"
#include "linux/process_parse.hpp"

namespace psinfo_fuzz {

using namespace psinfo::detail;

// mountinfo (its cgroup lines) and /proc/PID/cgroup: a decoded path is never longer than its
// text; an entry's path starts with '/'; v2 mounts carry no options.
void fuzz_cgroup_mounts(std::string_view d) {
  std::vector<cgroup_mount> m;
  if (parse_mountinfo_cgroups(d, m))
    for (const cgroup_mount& x : m) {
      FUZZ_CHECK(x.root.size() <= d.size() && x.mount_point.size() <= d.size());
      FUZZ_CHECK(!x.v2 || x.options.empty());
    }
  std::vector<cgroup_entry> e;
  if (parse_proc_cgroup(d, e))
    for (const cgroup_entry& x : e) FUZZ_CHECK(!x.path.empty() && x.path[0] == '/');
}

// Every reader of a cgroupfs file on the same text.
void fuzz_cgroup_files(std::string_view d) {
  std::uint64_t v = 0;
  (void)parse_cgroup_u64(d, v);
  std::optional<std::uint64_t> lim;
  if (parse_cgroup_limit(d, lim) && !lim) {
    const std::string_view s = strip_whitespace(d);
    FUZZ_CHECK(s == "max" || s == "-1");
  }
  std::optional<std::uint64_t> quota;
  std::uint64_t period = 0;
  (void)parse_cpu_max(d, quota, period);
  std::vector<int> cpus;
  if (parse_cgroup_list(d, cpus))
    for (std::size_t i = 1; i < cpus.size(); ++i) FUZZ_CHECK(cpus[i - 1] < cpus[i]);
  std::size_t n = 0;
  (void)for_each_keyed(d, [&n](std::string_view k, std::uint64_t) {
    FUZZ_CHECK(!k.empty());
    ++n;
  });
  (void)for_each_nested_keyed(d, [](std::string_view dev, std::string_view k, std::string_view) {
    FUZZ_CHECK(is_device(dev) && !k.empty());
    std::optional<std::uint64_t> x;
    return parse_cgroup_limit(k, x) || true;
  });
  (void)for_each_device_value(
      d, [](std::string_view dev, std::uint64_t) { FUZZ_CHECK(is_device(dev)); });
  (void)for_each_device_op(d, [](std::string_view dev, std::string_view op, std::uint64_t) {
    FUZZ_CHECK(is_device(dev) && !op.empty());
  });
  const std::vector<int> allowed = parse_proc_status_cpus_allowed(d);
  for (std::size_t i = 1; i < allowed.size(); ++i) FUZZ_CHECK(allowed[i - 1] < allowed[i]);
}

// PSI: every line it keeps has all four values, the averages finite and not negative.
void fuzz_psi(std::string_view d) {
  psinfo::psi_t p;
  if (!parse_psi(d, p)) return;
  for (const auto* l : {&p.some, &p.full})
    if (*l) FUZZ_CHECK(std::isfinite((*l)->avg10) && (*l)->avg10 >= 0 && (*l)->avg300 >= 0);
}

}  // namespace psinfo_fuzz

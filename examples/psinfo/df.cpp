// psinfo CLI — `psinfo df`, laid out like coreutils df: Filesystem [Type] 1K-blocks (Size) Used
// Available (Avail) Use% Mounted on, sizes rounded up as df rounds them, Use% rounded up.
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <psinfo/disk.hpp>
#include <psinfo/errors.hpp>
#include <string>
#include <system_error>
#include <vector>

#include "commands.hpp"
#include "text.hpp"

namespace psinfo_cli {

namespace {

// coreutils df's Use%: used / (used + available), rounded up; "-" when both are 0.
std::string use_percent(const psinfo::disk_usage_t& u) {
  const std::uint64_t whole = u.used + u.free;
  if (whole == 0) return "-";
  const std::uint64_t u100 = u.used * 100;
  return fmt::format("{}%", u100 / whole + (u100 % whole != 0));
}

std::string size(std::uint64_t bytes, const df_options& o) {
  if (o.human || o.si) return ceil_human(bytes, o.si ? 1000 : 1024);
  return fmt::format("{}", bytes / 1024 + (bytes % 1024 != 0));
}

// The mount that holds `path` (already canonical): the longest mount point that is a prefix
// of it, the last mounted when several share it.
const psinfo::partition_t* mount_of(const std::string& path,
                                    const std::vector<psinfo::partition_t>& mounts) {
  const psinfo::partition_t* best = nullptr;
  for (const psinfo::partition_t& m : mounts) {
    const std::string& mp = m.mountpoint;
    const bool holds = path.compare(0, mp.size(), mp) == 0 &&
                       (path.size() == mp.size() || mp.back() == '/' || mp.back() == '\\' ||
                        path[mp.size()] == '/' || path[mp.size()] == '\\');
    if (holds && (!best || mp.size() >= best->mountpoint.size())) best = &m;
  }
  return best;
}

}  // namespace

int run_df(const df_options& o) {
  struct row_t {
    const psinfo::partition_t* part;
    std::string path;  // what disk_usage measures
  };
  std::vector<psinfo::partition_t> mounts = psinfo::disk_partitions(o.all || !o.paths.empty());
  std::vector<row_t> wanted;
  int rc = 0;
  if (o.paths.empty()) {
    for (const psinfo::partition_t& m : mounts) wanted.push_back({&m, m.mountpoint});
  } else {
    for (const std::string& p : o.paths) {
      std::error_code ec;
      const std::filesystem::path canon =
          std::filesystem::canonical(std::filesystem::u8path(p), ec);
      const psinfo::partition_t* m = ec ? nullptr : mount_of(canon.u8string(), mounts);
      if (!m) {
        fmt::print(stderr, "psinfo: df: {}: {}\n", p,
                   ec ? ec.message() : "no mounted filesystem holds it");
        rc = 1;
        continue;
      }
      wanted.push_back({m, p});
    }
  }

  std::vector<std::vector<std::string>> cells;
  std::vector<std::string> header{"Filesystem"};
  if (o.type) header.emplace_back("Type");
  if (o.human || o.si)
    header.insert(header.end(), {"Size", "Used", "Avail", "Use%", "Mounted on"});
  else
    header.insert(header.end(), {"1K-blocks", "Used", "Available", "Use%", "Mounted on"});
  cells.push_back(header);
  for (const row_t& w : wanted) {
    psinfo::disk_usage_t u;
    std::vector<std::string> r{w.part->device.empty() ? "none" : w.part->device};
    if (o.type) r.push_back(w.part->fstype);
    try {
      u = psinfo::disk_usage(w.path);
      r.insert(r.end(), {size(u.total, o), size(u.used, o), size(u.free, o), use_percent(u)});
    } catch (const psinfo::error& e) {
      // A mount we may not look into (or that vanished): named on stderr, as df does.
      fmt::print(stderr, "psinfo: df: {}\n", one_line(e.what()));
      rc = 1;
      continue;
    }
    r.push_back(w.part->mountpoint);
    cells.push_back(std::move(r));
  }
  // coreutils df's columns: at least 14 (Filesystem), 4 (Type), 5 (sizes), 4 (Use%) wide.
  std::vector<bool> left(header.size(), false);
  std::vector<size_t> min_width{14};
  if (o.type) min_width.push_back(4);
  min_width.insert(min_width.end(), {5, 5, 5, 4, 0});
  left.front() = left.back() = true;
  if (o.type) left[1] = true;
  fmt::print("{}", aligned(cells, left, 1, min_width));
  return rc;
}

}  // namespace psinfo_cli

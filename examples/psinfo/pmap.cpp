// psinfo CLI — `psinfo pmap --pid N`, laid out like procps `pmap -x`: one line per mapping
// (psutil's memory_maps(grouped=False)) with Address Kbytes RSS Dirty Mode Mapping, then the
// totals in kB.
#include <fmt/format.h>

#include <filesystem>
#include <psinfo/errors.hpp>
#include <psinfo/process.hpp>
#include <string>
#include <system_error>
#include <vector>

#include "commands.hpp"
#include "text.hpp"

namespace psinfo_cli {

namespace {

// pmap's Mode: r w x, s for a shared mapping, then '-'.
std::string mode(const std::string& perms) {
  std::string m = "-----";
  for (size_t i = 0; i < 3 && i < perms.size(); ++i)
    if (perms[i] != '-') m[i] = perms[i];
  if (perms.size() > 3 && perms[3] == 's') m[3] = 's';
  return m;
}

// pmap's Mapping: the file's base name ("(deleted)" after it when the file is gone);
// "[ stack ]" for the stack, "[ anon ]" for any other mapping without a file.
std::string mapping(const std::string& path) {
  if (path == "[stack]") return "  [ stack ]";
  if (path.empty() || path.front() == '[') return "  [ anon ]";
  const size_t slash = path.rfind('/');
  std::string name = printable(slash == std::string::npos ? path : path.substr(slash + 1));
  // psutil drops the kernel's " (deleted)" from a file that is gone: pmap keeps it.
  std::error_code ec;
  if (path.front() == '/' && !std::filesystem::exists(std::filesystem::u8path(path), ec) && !ec)
    name += " (deleted)";
  return name;
}

}  // namespace

int run_pmap(long pid) {
  psinfo::process p(pid);
  const std::vector<psinfo::memory_map_t> maps = p.memory_maps(false);
  std::string command;
  try {
    for (const std::string& a : p.cmdline()) command += (command.empty() ? "" : " ") + a;
    if (command.empty()) command = "[ " + p.name() + " ]";
  } catch (const psinfo::error&) {
    command = "?";
  }
  for (char& c : command)
    if (c == '\n') c = ' ';  // as pmap shows it
  std::string out = fmt::format("{}:   {}\n", p.pid(), printable(command));
  out += "Address           Kbytes     RSS   Dirty Mode  Mapping\n";
  std::uint64_t size = 0, rss = 0, dirty = 0;
  for (const psinfo::memory_map_t& m : maps) {
    std::string addr = m.addr.value_or("");
    addr = addr.substr(0, addr.find('-'));
    if (addr.size() < 16) addr.insert(0, 16 - addr.size(), '0');
    const std::uint64_t d = m.shared_dirty + m.private_dirty;
    out += fmt::format("{} {:>7} {:>7} {:>7} {} {}\n", addr, m.size / 1024, m.rss / 1024, d / 1024,
                       mode(m.perms.value_or("")), mapping(m.path));
    size += m.size;
    rss += m.rss;
    dirty += d;
  }
  out += "---------------- ------- ------- ------- \n";
  out += fmt::format("total kB {:>15} {:>7} {:>7}\n", size / 1024, rss / 1024, dirty / 1024);
  fmt::print("{}", out);
  return 0;
}

}  // namespace psinfo_cli

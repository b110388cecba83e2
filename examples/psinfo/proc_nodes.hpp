// psinfo CLI — process results as nodes, in psutil's field names and order (the shapes of
// psutil's namedtuples' _asdict() on Linux).
#pragma once

#include <psinfo/process.hpp>

#include "node.hpp"

namespace psinfo_cli {

node pcputimes_node(const psinfo::process_cpu_times_t& t);  // pcputimes
node pmem_node(const psinfo::memory_info_t& m);             // pmem (psutil 8: 5 fields)
node pfullmem_node(const psinfo::memory_full_info_t& m);    // pfullmem
node pmem_ex_node(const psinfo::memory_info_ex_t& m);       // pmem_ex (psutil 8)
node pfootprint_node(const psinfo::memory_footprint_t& m);  // pfootprint (psutil 8)
// pmmap_grouped (path first) or, grouped = false, pmmap_ext (addr perms path first).
node pmmap_node(const psinfo::memory_map_t& m, bool grouped);
node pids_node(const psinfo::uids_t& u);  // puids / pgids: real effective saved
node pio_node(const psinfo::io_counters_t& c);
node pctxsw_node(const psinfo::ctx_switches_t& c);
node pthread_node(const psinfo::thread_t& t);
node popenfile_node(const psinfo::open_file_t& f);
node pfaults_node(const psinfo::page_faults_t& f);  // psutil 8's pfaults: minor major
node pionice_node(const psinfo::ionice_t& i);       // {"ioclass": "IOPRIO_CLASS_BE", "value": 4}
node rlimit_node(const psinfo::rlimit_t& r);        // [soft, hard], psutil's plain tuple
node pconn_node(const psinfo::connection_t& c);     // Process.net_connections(): no pid
// A process as {"pid": N, "name": "..."} (name null when it cannot be read).
node process_ref_node(const psinfo::process& p);
// process_info_t (as_dict / process_iter(attrs).info) -> an object with the attributes in
// `attrs`, in psinfo::attr's order, psutil's names as keys, null where absent.
node info_node(const psinfo::process_info_t& info, psinfo::attr attrs);

}  // namespace psinfo_cli

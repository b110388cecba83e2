// psinfo CLI — the commands that are not a single library function.
#pragma once

namespace psinfo_cli {

// `psinfo`: a one-screen overview (CPU bars, memory, swap, load, uptime, users).
int run_overview();

// `psinfo free`: like psutil's scripts/free.py, in KiB.
int run_free();
void print_free_help();

}  // namespace psinfo_cli

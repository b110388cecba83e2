// psinfo CLI — `psinfo metrics`: one exposition, to stdout or atomically to a file (for
// node_exporter's textfile collector and for cron).
#include <fmt/format.h>

#include <psinfo/process.hpp>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <stdexcept>

#ifdef PSINFO_SERVE_PROGRAM
#include <unistd.h>  // execv
#endif

#include "cli.hpp"
#include "metrics.hpp"
#include "platform.hpp"
#include "values.hpp"

namespace psinfo_cli {

namespace {

namespace fs = std::filesystem;

// `text` into `file`: written to a temporary file beside it, then renamed over it, so that a
// reader sees the old file or the new one, never half of one. The temporary file's name does
// not end in .prom: node_exporter's textfile collector skips it.
void write_atomically(const std::string& file, const std::string& text) {
  const fs::path target = fs::u8path(file);
  const fs::path temp = fs::u8path(fmt::format("{}.{}.tmp", file, psinfo::process::self().pid()));
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    if (out) out.write(text.data(), static_cast<std::streamsize>(text.size()));
    if (out) out.close();
    if (!out) {
      const int e = errno;
      std::error_code ignore;
      fs::remove(temp, ignore);
      throw std::runtime_error(fmt::format("cannot write {}: {}", temp.u8string(),
                                           e ? std::strerror(e) : "write failed"));
    }
  }
  std::error_code ec;
  fs::rename(temp, target, ec);
  if (ec) {
    std::error_code ignore;
    fs::remove(temp, ignore);
    throw std::runtime_error(
        fmt::format("cannot rename {} to {}: {}", temp.u8string(), file, ec.message()));
  }
}

}  // namespace

namespace metrics {

namespace {

std::vector<std::string> split_names(const std::string& list) {
  std::vector<std::string> out;
  std::size_t at = 0;
  while (at <= list.size()) {
    const std::size_t comma = std::min(list.find(',', at), list.size());
    if (comma > at) out.push_back(list.substr(at, comma - at));
    at = comma + 1;
  }
  if (out.empty()) throw usage_error("needs a collector name");
  const std::vector<std::string> known = collector_names();
  for (const std::string& n : out)
    if (std::find(known.begin(), known.end(), n) == known.end()) throw not_one_of(n, known);
  return out;
}

}  // namespace

std::vector<std::string> choose(const std::optional<std::string>& only,
                                const std::optional<std::string>& without) {
  const std::vector<std::string> wanted = only ? split_names(*only) : collector_names();
  const std::vector<std::string> unwanted =
      without ? split_names(*without) : std::vector<std::string>{};
  std::vector<std::string> out;
  for (const std::string& n : collector_names())  // the table's order
    if (std::count(wanted.begin(), wanted.end(), n) &&
        !std::count(unwanted.begin(), unwanted.end(), n))
      out.push_back(n);
  return out;
}

}  // namespace metrics

std::pair<std::string, int> metrics::parse_listen(std::string_view text) {
  const auto bad = [&] {
    return usage_error("invalid value '" + std::string(text) +
                       "': expected HOST:PORT (127.0.0.1:9188, [::1]:9188, 0.0.0.0:9188)");
  };
  const std::size_t colon = text.rfind(':');
  if (colon == std::string_view::npos || colon == 0) throw bad();
  std::string_view host = text.substr(0, colon);
  const std::string_view port = text.substr(colon + 1);
  if (host.front() == '[') {
    if (host.size() < 3 || host.back() != ']') throw bad();
    host = host.substr(1, host.size() - 2);
  } else if (host.find(':') != std::string_view::npos) {
    throw bad();  // an IPv6 address needs its brackets
  }
  long p = 0;
  if (port.empty() || port.size() > 5 || !parse_pid(port, p) || p > 65535) throw bad();
  return {std::string(host), static_cast<int>(p)};
}

namespace {

// ---- the two commands' entries of the table (table.cpp lists them) ----------------------------

const option<std::string> collectors{"--collectors",
                                     "A,B",
                                     "only these collectors (all by default)",
                                     [](const option<std::string>&, std::string_view text) {
                                       metrics::choose(std::string(text), std::nullopt);
                                       return std::string(text);
                                     },
                                     nullptr,
                                     metrics::collector_names};
const option<std::string> no_collector{"--no-collector", "A,B", "leave these collectors out",
                                       [](const option<std::string>&, std::string_view text) {
                                         metrics::choose(std::nullopt, std::string(text));
                                         return std::string(text);
                                       }};
const option<long> top_processes{
    "--top-processes", "N",
    "also the N processes with the most CPU time since the previous scrape and the N "
    "largest in memory, by PID (collector processes)",
    [](const option<long>&, std::string_view text) {
      long n = 0;
      if (!parse_pid(text, n))
        throw usage_error("invalid value '" + std::string(text) + "': expected a count >= 0");
      return n;
    },
    "0"};
const option<std::string> output{"--output", "FILE",
                                 "write to FILE (through a temporary file renamed over it) "
                                 "instead of stdout",
                                 any_text};
const option<std::string> listen{"--listen", "HOST:PORT",
                                 "the address to listen on; another than loopback exposes the "
                                 "metrics to the network",
                                 [](const option<std::string>&, std::string_view text) {
                                   metrics::parse_listen(text);
                                   return std::string(text);
                                 },
                                 "127.0.0.1:9188"};

const option<bool> list{"--list",
                        "print the table of collectors and metrics (Markdown, as in the README) "
                        "and exit"};

int run_exporter(const options& o, bool serve) {
  if (!serve && o[list]) {
    fmt::print("{}", metrics::describe_markdown());
    return 0;
  }
  const std::vector<std::string> chosen = metrics::choose(o[collectors], o[no_collector]);
  const metrics::settings s{*o[top_processes]};
  return serve ? run_serve(chosen, s, *o[listen]) : run_metrics(chosen, s, o[output]);
}

}  // namespace

std::vector<command> exporter_commands() {
  return {
      {"metrics",
       "Prometheus metrics, once (stdout or --output FILE)",
       "commands",
       "The system's metrics in the Prometheus text format 0.0.4, once: to stdout, or to "
       "--output FILE through a temporary file renamed over it (for node_exporter's textfile "
       "collector: choose --collectors it lacks, such as processes, or the names clash). "
       "node_exporter's names, labels and units where it exports the same fact "
       "(node_cpu_seconds_total, node_memory_MemTotal_bytes ...), psinfo_ for the rest; "
       "psinfo_scrape_collector_success is 0 for a collector that failed (named on stderr), "
       "and the exit status stays 0. The README lists every metric.",
       {collectors, no_collector, top_processes, output, list},
       [](const options& o) { return run_exporter(o, false); },
       {}},
      {"serve",
       "a Prometheus exporter: HTTP GET /metrics",
       "commands",
       "A Prometheus exporter in the foreground: GET /metrics answers with what `psinfo "
       "metrics` prints (OpenMetrics 1.0 when the Accept header asks for it), GET / with a "
       "page linking to it. Listens on loopback unless --listen says otherwise. Logs one "
       "line on stderr when it starts, stops and on an error; SIGTERM or SIGINT stops it. "
       "Scrapes that come while a collection runs share its result. Exit status 1 when it "
       "cannot listen (the port is in use) or was built without cpp-httplib.",
       {listen, collectors, no_collector, top_processes},
       [](const options& o) { return run_exporter(o, true); },
       {}},
  };
}

int run_serve(const std::vector<std::string>& collectors, metrics::settings s,
              const std::string& listen) {
  const auto [host, port] = metrics::parse_listen(listen);
#ifdef PSINFO_SERVE_PROGRAM
  // psinfo-serve, beside this program (the build tree, or the installed bindir).
  std::string program = PSINFO_SERVE_PROGRAM;
  std::error_code ec;
  const fs::path self = fs::read_symlink("/proc/self/exe", ec);
  if (!ec && fs::exists(self.parent_path() / "psinfo-serve"))
    program = (self.parent_path() / "psinfo-serve").string();
  std::string list;
  for (const std::string& c : collectors) list += (list.empty() ? "" : ",") + c;
  const std::string port_text = std::to_string(port), top = std::to_string(s.top_processes);
  std::fflush(stdout);
  const char* args[] = {program.c_str(), listen.c_str(), host.c_str(), port_text.c_str(),
                        top.c_str(),     list.c_str(),   nullptr};
  execv(program.c_str(), const_cast<char* const*>(args));
  throw std::runtime_error(fmt::format("serve: cannot run {}: {}", program, std::strerror(errno)));
#else
  (void)collectors, (void)s, (void)host, (void)port;
  throw std::runtime_error(
      "serve: not available: this psinfo was built without cpp-httplib (Debian "
      "libcpp-httplib-dev); `psinfo metrics --output FILE` writes the same metrics to a file");
#endif
}

int run_metrics(const std::vector<std::string>& collectors, metrics::settings s,
                const std::optional<std::string>& output) {
  metrics::scraper scraper(collectors, s);
  scraper.on_failure = [](const std::string& collector, const std::string& message) {
    fmt::print(stderr, "psinfo metrics: collector {} failed: {}\n", collector, message);
  };
  const std::string text = metrics::render(scraper.collect(), metrics::format::text);
  if (output)
    write_atomically(*output, text);
  else {
    binary_stdout();  // "\n", never "\r\n"
    std::fwrite(text.data(), 1, text.size(), stdout);
  }
  return 0;
}

}  // namespace psinfo_cli

// psinfo CLI — Prometheus metrics: the collectors (metrics_collectors.cpp), the exposition they
// fill and its two text forms (metrics.cpp): the Prometheus text format 0.0.4 and OpenMetrics
// 1.0. `psinfo metrics` (metrics_cmd.cpp) writes one exposition; `psinfo serve` (serve.cpp)
// answers scrapes with them.
//
// Names: where node_exporter exports the same fact, its name, labels, unit and type
// (node_cpu_seconds_total{cpu,mode} ...), so that dashboards and alerts made for it work; the
// rest under psinfo_. Every family is declared once, in the collectors' table, which also
// gives the README's table (describe_markdown).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace psinfo_cli::metrics {

enum class metric_type { counter, gauge };

// One metric family: its full sample name (a counter's ends in _total), its labels (as the
// README lists them, "cpu, mode"), and its HELP text.
struct family_info {
  const char* name;
  metric_type type;
  const char* labels;
  const char* help;
  bool node = false;  // node_exporter's name (true) or psinfo's own
};

// A label of a sample: name and value (any bytes: escaped and made valid UTF-8 on output).
using label = std::pair<const char*, std::string_view>;

// The samples of one family, already in the text form both formats share.
struct family {
  const family_info* info;
  std::string body;  // "name{labels} value\n" lines

  void add(std::initializer_list<label> labels, double value);
  void add(std::initializer_list<label> labels, std::uint64_t value);
  void add(double value) { add({}, value); }
  void add(std::uint64_t value) { add({}, value); }

 private:
  void start(std::initializer_list<label> labels);
};

// What one scrape produced: families in the order they were written; none is empty.
struct exposition {
  std::vector<family> families;
};

// The families of one collector are written through this: each family at most once per
// collector, and each collector's families are its own.
class writer {
 public:
  explicit writer(exposition& out) : out_(out) {}
  family& operator()(const family_info& f);

 private:
  exposition& out_;
  std::size_t first_ = 0;  // the families of the collector being run start here
  friend class scraper;
};

// The options of a scrape.
struct settings {
  // Also export the N processes that used the most CPU since the previous scrape (by CPU time
  // without one) and the N with the largest resident set, with their PID: 0 = none.
  long top_processes = 0;
};

// A collector: what it exports (for the README and --help) and how.
struct collector_info {
  const char* name;
  const char* summary;
  std::vector<const family_info*> families;
};
// Every collector, in the order they run.
const std::vector<collector_info>& collectors();
// The names of the collectors run when none are chosen: all of them.
std::vector<std::string> collector_names();

// The collectors to run: `only` (comma-separated names; absent: all) without those of
// `without` (comma-separated). An unknown name is a usage_error.
std::vector<std::string> choose(const std::optional<std::string>& only,
                                const std::optional<std::string>& without);

// Runs the chosen collectors, keeping what one scrape needs from the previous one (the
// sampler's open files, the process groups' CPU time so that it never goes back when a
// process exits). Not thread-safe: one thread scrapes.
class scraper {
 public:
  scraper(std::vector<std::string> chosen, settings s);
  ~scraper();
  scraper(const scraper&) = delete;
  scraper& operator=(const scraper&) = delete;

  // One exposition. A collector that throws exports psinfo_scrape_collector_success 0 (the
  // others are unaffected); `on_failure`, when set, is told (collector, message) on each
  // failure.
  exposition collect();
  std::function<void(const std::string&, const std::string&)> on_failure;

  struct state;  // metrics_collectors.cpp's

 private:
  std::unique_ptr<state> state_;
};

// The two text formats and the content type each is served with.
enum class format { text, openmetrics };
std::string render(const exposition& e, format f);
const char* content_type(format f);
// The format for an HTTP Accept header: OpenMetrics when the client asks for it (version 1.0.0,
// 0.0.1 or none) with a quality at least that of text/plain; the text format otherwise.
format negotiate(std::string_view accept);

// `psinfo serve --listen`: "HOST:PORT" ("[::1]:9188" for an IPv6 address) as the host
// (without brackets) and the port (0 to 65535: 0 picks a free one); a usage_error otherwise.
std::pair<std::string, int> parse_listen(std::string_view text);

// The README's table of collectors and families (Markdown).
std::string describe_markdown();

// A label value as the text formats want it: \ " and newline escaped, bytes that are not
// valid UTF-8 replaced by U+FFFD.
void append_label_value(std::string& out, std::string_view value);

}  // namespace psinfo_cli::metrics

namespace psinfo_cli {

struct command;
// The table's entries (table.cpp) of `psinfo metrics` and `psinfo serve`.
std::vector<command> exporter_commands();

// `psinfo metrics`: one exposition (text format) to stdout, or to `output` through a temporary
// file renamed over it. A failing collector is named on stderr; the exit status stays 0.
int run_metrics(const std::vector<std::string>& collectors, metrics::settings s,
                const std::optional<std::string>& output);

// `psinfo serve`: answers GET /metrics on `listen` ("HOST:PORT") until SIGTERM or SIGINT.
// Where psinfo was built without cpp-httplib: an error (exit status 1).
int run_serve(const std::vector<std::string>& collectors, metrics::settings s,
              const std::string& listen);

}  // namespace psinfo_cli

// psinfo-serve — the program `psinfo serve` runs (execv, metrics_cmd.cpp): the Prometheus
// exporter. HTTP is cpp-httplib's (Debian libcpp-httplib-dev), in a program of its own so that
// every other psinfo command starts without loading it and the TLS and compression libraries
// it links. Built only where CMake finds it. POSIX: signals are waited for by a thread.
//
// usage (psinfo has checked every argument): psinfo-serve LISTEN HOST PORT TOP COLLECTORS
// (LISTEN as given to --listen, for messages; COLLECTORS comma-separated).
#include <fmt/format.h>
#include <httplib.h>
#include <psinfo/host.hpp>
#include <pthread.h>
#include <signal.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <atomic>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <map>
#include <mutex>
#include <set>
#include <stdexcept>
#include <thread>

#include "metrics.hpp"

namespace psinfo_cli {

namespace {

constexpr std::size_t max_connections = 1024;     // served at once; more wait their turn
constexpr std::size_t thread_stack = 256 * 1024;  // a connection's thread
constexpr auto scrape_timeout = std::chrono::seconds(60);

void log(const std::string& line) { fmt::print(stderr, "psinfo serve: {}\n", line); }

// httplib's queue of accepted connections: each is served by a thread of its own (with a small
// stack), up to max_connections at once, so that a slow client holds up nobody else (httplib's
// own pool has a fixed number of threads that slow clients can all occupy). No thread idles.
class connection_threads : public httplib::TaskQueue {
 public:
  void enqueue(std::function<void()> fn) override {
    std::unique_lock<std::mutex> lock(m_);
    if (active_ >= max_connections) {
      waiting_.push_back(std::move(fn));
      return;
    }
    ++active_;
    lock.unlock();
    start(std::move(fn));
  }
  void shutdown() override {
    std::unique_lock<std::mutex> lock(m_);
    done_.wait(lock, [&] { return active_ == 0; });
  }

 private:
  struct job {
    connection_threads* self;
    std::function<void()> fn;
  };
  void start(std::function<void()> fn) {
    auto* j = new job{this, std::move(fn)};
    pthread_attr_t a;
    pthread_attr_init(&a);
    pthread_attr_setstacksize(&a, thread_stack);
    pthread_attr_setdetachstate(&a, PTHREAD_CREATE_DETACHED);
    pthread_t t;
    const int rc = pthread_create(&t, &a, &run, j);
    pthread_attr_destroy(&a);
    if (rc != 0) {  // no thread to be had: serve it here, in the accepting thread
      run(j);
    }
  }
  static void* run(void* arg) {
    std::unique_ptr<job> j(static_cast<job*>(arg));
    connection_threads& self = *j->self;
    std::function<void()> fn = std::move(j->fn);
    j.reset();
    for (;;) {
      fn();
      std::lock_guard<std::mutex> lock(self.m_);
      if (self.waiting_.empty()) {
        if (--self.active_ == 0) self.done_.notify_all();
        return nullptr;
      }
      fn = std::move(self.waiting_.front());
      self.waiting_.pop_front();
    }
  }

  std::mutex m_;
  std::condition_variable done_;
  std::size_t active_ = 0;
  std::deque<std::function<void()>> waiting_;
};

// One thread collects; a scrape that comes while a collection runs takes that collection's
// result, so that any number of scrapers costs one collection at a time.
class collection {
 public:
  collection(const std::vector<std::string>& collectors, metrics::settings s)
      : scraper_(collectors, s) {
    scraper_.on_failure = [this](const std::string& collector, const std::string& message) {
      // One line when a collector starts failing, not one per scrape.
      failing_now_.insert(collector);
      if (!failing_.count(collector))
        log(fmt::format("error: collector {} failed: {}", collector, message));
    };
    thread_ = std::thread([this] { loop(); });
  }
  ~collection() {
    {
      std::lock_guard<std::mutex> lock(m_);
      stopping_ = true;
    }
    wake_.notify_all();
    thread_.join();
  }

  // The exposition of a collection that ran after this call (or was running): null on timeout.
  std::shared_ptr<const metrics::exposition> get() {
    std::unique_lock<std::mutex> lock(m_);
    const std::uint64_t target = wanted_ > done_ ? wanted_ : ++wanted_;
    wake_.notify_all();
    if (!ready_.wait_for(lock, scrape_timeout, [&] { return done_ >= target; })) return nullptr;
    return latest_;
  }
  std::uint64_t count() {
    std::lock_guard<std::mutex> lock(m_);
    return done_;
  }

 private:
  void loop() {
    std::unique_lock<std::mutex> lock(m_);
    for (;;) {
      wake_.wait(lock, [&] { return stopping_ || wanted_ > done_; });
      if (stopping_) return;
      const std::uint64_t gen = wanted_;
      lock.unlock();
      failing_now_.clear();
      auto e = std::make_shared<const metrics::exposition>(scraper_.collect());
      failing_.swap(failing_now_);
      lock.lock();
      latest_ = std::move(e);
      done_ = gen;
      ready_.notify_all();
    }
  }

  metrics::scraper scraper_;
  std::set<std::string> failing_, failing_now_;  // the collector thread's
  std::mutex m_;
  std::condition_variable wake_, ready_;
  std::uint64_t wanted_ = 0, done_ = 0;
  bool stopping_ = false;
  std::shared_ptr<const metrics::exposition> latest_;
  std::thread thread_;
};

const char* reason(int status) {
  static const std::map<int, const char*> reasons{
      {400, "Bad Request"},          {404, "Not Found"},    {405, "Method Not Allowed"},
      {413, "Payload Too Large"},    {414, "URI Too Long"}, {416, "Range Not Satisfiable"},
      {500, "Internal Server Error"}};
  const auto r = reasons.find(status);
  return r == reasons.end() ? "Error" : r->second;
}

const char* index_page =
    "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>psinfo exporter</title></head>\n"
    "<body><h1>psinfo exporter</h1>\n"
    "<p>psinfo {version}: system, process and sensor metrics for Prometheus.</p>\n"
    "<p><a href=\"/metrics\">Metrics</a></p>\n"
    "<p>Collectors: {collectors}</p>\n</body></html>\n";

int serve(const std::string& listen, const std::string& host, int port,
          const std::vector<std::string>& collectors, metrics::settings s) {
  // Signals: SIGTERM and SIGINT are waited for by one thread (every thread started from here
  // on inherits the mask); a client that hangs up mid-answer must not kill us with SIGPIPE.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  signal(SIGPIPE, SIG_IGN);

  std::string joined;
  for (const std::string& c : collectors) joined += (joined.empty() ? "" : ",") + c;

  httplib::Server server;
  server.new_task_queue = [] { return new connection_threads; };
  server.set_keep_alive_max_count(1000);
  server.set_keep_alive_timeout(2);  // also how long a stop may wait for an idle connection
  server.set_read_timeout(5, 0);
  server.set_write_timeout(5, 0);
  server.set_payload_max_length(4096);  // a GET has no body: a long one gets 413
  // SO_REUSEADDR only: httplib's default adds SO_REUSEPORT, with which a second exporter on
  // the same port would start and share the scrapes instead of failing. The listening
  // socket's descriptor is kept to lengthen its backlog below.
  int listening = -1;
  server.set_socket_options([&listening](socket_t sock) {
    const int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    // httplib writes the headers and the body apart: without TCP_NODELAY (which accepted
    // sockets inherit) the body waits for the client's delayed ACK, 40 ms.
    setsockopt(sock, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof yes);
    listening = sock;
  });

  collection coll(collectors, s);
  server.Get("/metrics", [&](const httplib::Request& req, httplib::Response& res) {
    const auto e = coll.get();
    if (!e) {
      res.status = 503;
      res.set_content("collection timed out\n", "text/plain; charset=utf-8");
      log("error: a collection took longer than 60 s");
      return;
    }
    const metrics::format f = metrics::negotiate(req.get_header_value("Accept"));
    res.set_content(metrics::render(*e, f), metrics::content_type(f));
  });
  const std::string page =
      fmt::format(fmt::runtime(index_page), fmt::arg("version", psinfo::version()),
                  fmt::arg("collectors", joined));
  server.Get("/", [&](const httplib::Request&, httplib::Response& res) {
    res.set_content(page, "text/html; charset=utf-8");
  });
  server.set_error_handler([](const httplib::Request&, httplib::Response& res) {
    if (res.body.empty())
      res.set_content(fmt::format("{} {}\n", res.status, reason(res.status)),
                      "text/plain; charset=utf-8");
  });
  server.set_exception_handler(
      [](const httplib::Request& req, httplib::Response& res, std::exception_ptr ep) {
        std::string what = "unknown exception";
        try {
          std::rethrow_exception(ep);
        } catch (const std::exception& x) {
          what = x.what();
        } catch (...) {
        }
        log(fmt::format("error: {} {}: {}", req.method, req.path, what));
        res.status = 500;
        res.set_content("internal error\n", "text/plain; charset=utf-8");
      });

  errno = 0;
  int bound = port;
  bool ok;
  if (port == 0) {
    bound = server.bind_to_any_port(host);
    ok = bound > 0;
  } else {
    ok = server.bind_to_port(host, port);
  }
  if (!ok) {
    const int e = errno;
    fmt::print(stderr, "psinfo: serve: cannot listen on {}: {}\n", listen,
               e ? std::strerror(e) : "no address to bind");
    return 1;
  }

  // httplib listens with a backlog of 5: connections beyond it, when many scrapers connect at
  // once, lose their SYN and retry a second or more later. listen() again sets a longer one.
  if (listening >= 0) ::listen(listening, SOMAXCONN);

  std::atomic<int> stopped_by{0};
  std::thread waiter([&] {
    int sig = 0;
    sigwait(&stop_signals, &sig);
    stopped_by = sig;
    server.stop();
  });
  const std::string shown = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  log(fmt::format("listening on http://{}:{}/metrics (psinfo {}, collectors {})", shown, bound,
                  psinfo::version(), joined));
  server.listen_after_bind();
  const int sig = stopped_by.load();
  if (!sig) pthread_kill(waiter.native_handle(), SIGTERM);  // wake it to end it
  waiter.join();
  if (!sig) {
    log("error: the server stopped accepting connections");
    return 1;
  }
  log(fmt::format("stopped by {} after {} collections", sig == SIGINT ? "SIGINT" : "SIGTERM",
                  coll.count()));
  return 0;
}

}  // namespace
}  // namespace psinfo_cli

int main(int argc, char** argv) {
  if (argc != 6) {
    fmt::print(stderr, "psinfo-serve: run by `psinfo serve` (see psinfo serve --help)\n");
    return 2;
  }
  std::vector<std::string> collectors;
  for (std::string_view list = argv[5]; !list.empty();) {
    const std::size_t comma = list.find(',');
    collectors.emplace_back(list.substr(0, comma));
    list = comma == std::string_view::npos ? std::string_view() : list.substr(comma + 1);
  }
  try {
    return psinfo_cli::serve(argv[1], argv[2], std::atoi(argv[3]), collectors,
                             psinfo_cli::metrics::settings{std::atol(argv[4])});
  } catch (const std::exception& e) {
    fmt::print(stderr, "psinfo: serve: {}\n", e.what());
    return 1;
  }
}

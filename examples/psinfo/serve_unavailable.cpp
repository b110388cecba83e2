// psinfo CLI — `psinfo serve` where psinfo was built without cpp-httplib (Windows, macOS, the
// BSDs, or a Linux build without libcpp-httplib-dev): a clear error. `psinfo metrics` works.
#include <stdexcept>

#include "metrics.hpp"

namespace psinfo_cli {

int run_serve(const std::vector<std::string>&, metrics::settings, const std::string& listen) {
  metrics::parse_listen(listen);  // a usage error is still one
  throw std::runtime_error(
      "serve: not available: this psinfo was built without cpp-httplib (Debian "
      "libcpp-httplib-dev); `psinfo metrics --output FILE` writes the same metrics to a file");
}

}  // namespace psinfo_cli

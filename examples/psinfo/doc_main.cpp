// psinfo_doc — writes psinfo's man page (`psinfo_doc man`) or bash completion
// (`psinfo_doc bash`) to stdout. Run by the build; not installed.
#include <cstdio>
#include <cstring>
#include <string>

#include "doc.hpp"

int main(int argc, char** argv) {
  const char* what = argc == 2 ? argv[1] : "";
  std::string out;
  if (std::strcmp(what, "man") == 0) {
    out = psinfo_cli::man_page();
  } else if (std::strcmp(what, "bash") == 0) {
    out = psinfo_cli::bash_completion();
  } else {
    std::fprintf(stderr, "usage: psinfo_doc man|bash\n");
    return 2;
  }
  return std::fwrite(out.data(), 1, out.size(), stdout) == out.size() ? 0 : 1;
}

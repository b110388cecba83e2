/* The test harness for C test programs: where the shared fixtures are (see fixtures.hpp for
 * C++). */
#ifndef PSINFO_TESTS_FIXTURES_H
#define PSINFO_TESTS_FIXTURES_H

#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

/* The recorded trees of ../shared/fixtures: $PSINFO_SHARED_FIXTURES when set, else the CMake
 * cache variable of the same name. */
static const char* shared_fixtures_dir(void) {
  const char* env = getenv("PSINFO_SHARED_FIXTURES");
  return env && *env ? env : PSINFO_SHARED_FIXTURES_DEFAULT;
}

/* Exits 77 (ctest: skipped), saying why, when the shared fixtures are missing. */
static void require_shared_fixtures(void) {
  struct stat st;
  if (stat(shared_fixtures_dir(), &st) != 0 || !S_ISDIR(st.st_mode)) {
    printf("skipped: the shared fixtures are missing (%s; set PSINFO_SHARED_FIXTURES)\n",
           shared_fixtures_dir());
    exit(77);
  }
}

/* dir/rel in buf (of size n); buf. */
static const char* shared_fixture(char* buf, size_t n, const char* rel) {
  snprintf(buf, n, "%s/%s", shared_fixtures_dir(), rel);
  return buf;
}

#endif

// Catch2 checks of the errors the API documents (docs/errors.md) that more than one test
// program makes: the live tests of a module and tests/reliability/test_bad_inputs.cpp.
#pragma once

#include <catch2/catch.hpp>
#include <psinfo/cpu.hpp>
#include <psinfo/errors.hpp>
#include <psinfo/sampler.hpp>

#include <string>

namespace test {

// `call` fails the way a missing or unreadable path must: a psinfo::error that is neither
// access_denied (ENOENT is not EACCES) nor no_such_process, and whose message names `path`.
template <class Call>
void check_missing_path(Call call, const std::string& path) {
  INFO(path);
  try {
    call();
    FAIL("no exception");
  } catch (const psinfo::access_denied&) {
    FAIL("access_denied for a missing path");
  } catch (const psinfo::no_such_process&) {
    FAIL("no_such_process for a missing path");
  } catch (const psinfo::error& e) {
    CHECK(std::string(e.what()).find(path) != std::string::npos);
  }
}

// A bad interval (negative, NaN, infinite): invalid_argument from every cpu_percent /
// cpu_times_percent of psinfo and of a psinfo::sampler.
inline void check_bad_interval(double interval) {
  INFO("interval " << interval);
  CHECK_THROWS_AS(psinfo::cpu_percent(interval), psinfo::invalid_argument);
  CHECK_THROWS_AS(psinfo::cpu_percent_percpu(interval), psinfo::invalid_argument);
  CHECK_THROWS_AS(psinfo::cpu_times_percent(interval), psinfo::invalid_argument);
  CHECK_THROWS_AS(psinfo::cpu_times_percent_percpu(interval), psinfo::invalid_argument);
  psinfo::sampler s;
  CHECK_THROWS_AS(s.cpu_percent(interval), psinfo::invalid_argument);
  CHECK_THROWS_AS(s.cpu_percent_percpu(interval), psinfo::invalid_argument);
  CHECK_THROWS_AS(s.cpu_times_percent(interval), psinfo::invalid_argument);
  CHECK_THROWS_AS(s.cpu_times_percent_percpu(interval), psinfo::invalid_argument);
}

}  // namespace test
